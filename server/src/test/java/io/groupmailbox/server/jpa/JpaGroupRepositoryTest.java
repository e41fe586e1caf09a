package io.groupmailbox.server.jpa;

import javax.persistence.EntityManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.groupmailbox.group.GroupRepository;

class JpaGroupRepositoryTest implements GroupRepositoryContract {

    private EntityManagerFactory entityManagerFactory;
    private GroupRepository repository;

    @BeforeEach
    void setUp() {
        entityManagerFactory = JpaDelegationStoreTest.inMemoryDerby();
        repository = new JpaGroupRepository(entityManagerFactory);
    }

    @AfterEach
    void tearDown() {
        entityManagerFactory.close();
    }

    @Override
    public GroupRepository repository() {
        return repository;
    }
}
