package io.groupmailbox.server;

import java.nio.file.Path;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;

/**
 * Where one server instance reads its configuration and keeps its data.
 *
 * <p>James resolves {@code file://conf/...} against {@link #getConfDirectory()} and {@code file://var/...}
 * against {@link #getVarDirectory()}; both are absolute so that the working directory of the JVM never
 * matters, and two instances with different directories can run side by side.
 */
public record ServerDirectories(Path conf, Path data) implements JamesDirectoriesProvider {

    public ServerDirectories {
        conf = conf.toAbsolutePath().normalize();
        data = data.toAbsolutePath().normalize();
    }

    @Override
    public String getAbsoluteDirectory() {
        return "/";
    }

    @Override
    public String getConfDirectory() {
        return conf + "/";
    }

    @Override
    public String getVarDirectory() {
        return data + "/";
    }

    @Override
    public String getRootDirectory() {
        return data.toString();
    }
}
