package io.groupmailbox.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of src/test/python with python3 (its imaplib and smtplib): a client that shares no code with
 * Jakarta Mail. The script prints its findings on standard output; a non-zero exit fails the test.
 */
public final class PythonClient {

    private PythonClient() {
    }

    public static String run(String script, String... arguments) throws IOException, InterruptedException {
        Path path = Path.of(System.getProperty("groupmailbox.python", "src/test/python")).resolve(script);
        List<String> command = new ArrayList<>(List.of("python3", path.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not finish in 60 s: " + output);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(script + " exited with " + process.exitValue() + ":\n" + output);
        }
        return output;
    }
}
