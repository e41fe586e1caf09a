package io.groupmailbox.webadmin;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;

import io.groupmailbox.ProductVersion;
import spark.Service;

/**
 * {@code GET /group-mailbox/version}: which version of the extension runs, and for which James.
 *
 * <pre>
 * curl http://127.0.0.1:8000/group-mailbox/version
 * {"product":"james-group-mailbox","version":"0.1.0-SNAPSHOT","jamesVersion":"3.8.1"}
 * </pre>
 */
public class VersionRoutes implements Routes {

    public static final String BASE_PATH = "/group-mailbox";

    private final ProductVersion version;
    private final JsonTransformer jsonTransformer = new JsonTransformer();

    @Inject
    public VersionRoutes(ProductVersion version) {
        this.version = version;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH + "/version", (request, response) -> {
            response.type("application/json");
            return version;
        }, jsonTransformer);
    }
}
