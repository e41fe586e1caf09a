package io.groupmailbox.notify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.james.core.Username;

/** For tests and single-node experiments only: its state dies with the JVM. */
public class MemoryDigestCursors implements DigestCursors {

    private record Key(Username group, Username member) {
    }

    private final Map<Key, Long> cursors = new ConcurrentHashMap<>();

    @Override
    public Map<Username, Long> of(Username group) {
        return cursors.entrySet().stream()
            .filter(entry -> entry.getKey().group().equals(group))
            .collect(Collectors.toUnmodifiableMap(entry -> entry.getKey().member(), Map.Entry::getValue));
    }

    @Override
    public boolean start(Username group, Username member, long lastUid) {
        return cursors.putIfAbsent(new Key(group, member), lastUid) == null;
    }

    @Override
    public boolean advance(Username group, Username member, long expected, long next) {
        return cursors.replace(new Key(group, member), expected, next);
    }

    @Override
    public void remove(Username group, Username member) {
        cursors.remove(new Key(group, member));
    }

    @Override
    public void removeGroup(Username group) {
        cursors.keySet().removeIf(key -> key.group().equals(group));
    }
}
