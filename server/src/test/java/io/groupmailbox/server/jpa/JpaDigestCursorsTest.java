package io.groupmailbox.server.jpa;

import javax.persistence.EntityManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupmailbox.notify.DigestCursors;

class JpaDigestCursorsTest implements DigestCursorsContract {

    private EntityManagerFactory entityManagerFactory;
    private DigestCursors cursors;

    @BeforeEach
    void setUp() {
        entityManagerFactory = JpaDelegationStoreTest.inMemoryDerby();
        cursors = new JpaDigestCursors(entityManagerFactory);
    }

    @AfterEach
    void tearDown() {
        entityManagerFactory.close();
    }

    @Override
    public DigestCursors cursors() {
        return cursors;
    }

    /** Another node (another store instance over the same database) sees the position and cannot move it twice. */
    @Test
    void aSecondNodeSeesTheSamePositions() {
        DigestCursors otherNode = new JpaDigestCursors(entityManagerFactory);
        cursors.start(SUPPORT, ALICE, 10);

        assertThat(otherNode.start(SUPPORT, ALICE, 30)).isFalse();
        assertThat(otherNode.advance(SUPPORT, ALICE, 10, 15)).isTrue();
        assertThat(cursors.advance(SUPPORT, ALICE, 10, 15)).isFalse();
        assertThat(cursors.of(SUPPORT)).containsEntry(ALICE, 15L);
    }
}
