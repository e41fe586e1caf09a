package io.groupmailbox.server.jpa;

import org.junit.jupiter.api.BeforeEach;

import io.groupmailbox.notify.DigestCursors;
import io.groupmailbox.notify.MemoryDigestCursors;

class MemoryDigestCursorsTest implements DigestCursorsContract {

    private DigestCursors cursors;

    @BeforeEach
    void setUp() {
        cursors = new MemoryDigestCursors();
    }

    @Override
    public DigestCursors cursors() {
        return cursors;
    }
}
