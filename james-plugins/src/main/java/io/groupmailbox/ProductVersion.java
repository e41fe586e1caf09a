package io.groupmailbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this extension and of the James it was built against, as written by the build. */
public record ProductVersion(String product, String version, String jamesVersion) {

    private static final String RESOURCE = "version.properties";

    public static ProductVersion current() {
        try (InputStream in = ProductVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the james-plugins jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return new ProductVersion(
                properties.getProperty("product"),
                properties.getProperty("version"),
                properties.getProperty("james.version"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
