package io.groupmailbox.server.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.google.common.base.Ticker;

/** A clock for caches under test, which moves only when the test says so. */
public final class FakeTicker extends Ticker {

    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long read() {
        return nanos.get();
    }

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
