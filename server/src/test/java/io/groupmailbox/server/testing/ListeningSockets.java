package io.groupmailbox.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The TCP sockets this JVM listens on, as Linux reports them ({@code /proc/net/tcp} and {@code tcp6}, matched to
 * this process's descriptors): what a port scan of the machine would find open by the server.
 */
public final class ListeningSockets {

    private static final String LISTEN = "0A";

    /** One listening socket: the address as the kernel prints it (hex) and the port. */
    public record Listener(String hexAddress, int port) {
        /** 127.0.0.1, ::1 or ::ffff:127.0.0.1 (how Java's dual-stack sockets bind 127.0.0.1). */
        public boolean loopback() {
            return hexAddress.equals("0100007F") || hexAddress.equals("00000000000000000000000001000000")
                || hexAddress.equals("0000000000000000FFFF00000100007F");
        }
    }

    private ListeningSockets() {
    }

    public static boolean supported() {
        return Files.isDirectory(Path.of("/proc/self/fd")) && Files.isReadable(Path.of("/proc/net/tcp"));
    }

    public static Set<Listener> ofThisProcess() throws IOException {
        Set<String> socketInodes = socketInodes();
        Set<Listener> listeners = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if (fields[3].equals(LISTEN) && socketInodes.contains(fields[9])) {
                    listeners.add(new Listener(local[0], Integer.parseInt(local[1], 16)));
                }
            }
        }
        return listeners;
    }

    private static Set<String> socketInodes() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors
                .map(ListeningSockets::linkTarget)
                .filter(target -> target.startsWith("socket:["))
                .map(target -> target.substring("socket:[".length(), target.length() - 1))
                .collect(Collectors.toSet());
        }
    }

    private static String linkTarget(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        } catch (IOException e) {
            return ""; // closed meanwhile
        }
    }
}
