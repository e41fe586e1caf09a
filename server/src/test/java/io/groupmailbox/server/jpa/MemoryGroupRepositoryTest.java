package io.groupmailbox.server.jpa;

import org.junit.jupiter.api.BeforeEach;

import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.group.MemoryGroupRepository;

class MemoryGroupRepositoryTest implements GroupRepositoryContract {

    private GroupRepository repository;

    @BeforeEach
    void setUp() {
        repository = new MemoryGroupRepository();
    }

    @Override
    public GroupRepository repository() {
        return repository;
    }
}
