package io.groupmailbox.webadmin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupJson;
import io.groupmailbox.group.GroupMember;
import io.groupmailbox.group.GroupReconciler;
import io.groupmailbox.group.GroupService;
import io.groupmailbox.group.InvalidGroupsException;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Groups over WebAdmin. Groups of {@code conf/groups.xml} are read-only here (409 naming the file).
 *
 * <pre>
 * GET    /groups                               list: address, name, origin, member count
 * GET    /groups/{address}                     one group: settings, members, rights per folder, message counts
 * PUT    /groups/{address}                     create or replace (JSON body as GET returns it)  → 204
 * DELETE /groups/{address}                     → 204, 404
 * PUT    /groups/{address}/members/{member}    {"role":"replier","notify":true,"folders":{"Sent":"lr"}} → 204
 * DELETE /groups/{address}/members/{member}    → 204, 404
 * POST   /groups/reload                        re-applies conf/groups.xml; 400 with the reason, the previous groups stay
 * </pre>
 */
public class GroupRoutes implements Routes {

    public static final String BASE_PATH = "/groups";

    private final GroupService groups;
    private final MailboxManager mailboxManager;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public GroupRoutes(GroupService groups, @Named("mailboxmanager") MailboxManager mailboxManager) {
        this.groups = groups;
        this.mailboxManager = mailboxManager;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    public record Summary(String address, String name, String origin, int members) {
    }

    public record Detail(GroupJson.Group group, Map<String, Map<String, String>> rights, Map<String, Long> messages) {
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> {
            response.type("application/json");
            return groups.list().stream()
                .map(group -> new Summary(group.address().asString(), group.name(),
                    group.origin().name().toLowerCase(java.util.Locale.US), group.members().size()))
                .toList();
        }, json);
        service.post(BASE_PATH + "/reload", this::reload, json);
        service.get(BASE_PATH + "/:address", this::get, json);
        service.put(BASE_PATH + "/:address", this::put);
        service.delete(BASE_PATH + "/:address", this::delete);
        service.put(BASE_PATH + "/:address/members/:member", this::putMember);
        service.delete(BASE_PATH + "/:address/members/:member", this::deleteMember);
    }

    private Object reload(Request request, Response response) {
        try {
            List<GroupDefinition> applied = groups.applyConfiguration();
            response.type("application/json");
            return Map.of("file", groups.groupsFile().toString(), "groups", applied.size());
        } catch (InvalidGroupsException e) {
            org.slf4j.LoggerFactory.getLogger(GroupRoutes.class).warn("Reload refused, the previous groups stay: {}", e.getMessage());
            throw WebAdminErrors.badRequest(e.getMessage());
        }
    }

    private Object get(Request request, Response response) throws MailboxException {
        GroupDefinition group = existing(request);
        Map<String, Map<String, String>> rights = new LinkedHashMap<>();
        for (GroupMember member : group.members()) {
            Map<String, String> perFolder = new LinkedHashMap<>();
            perFolder.put(GroupReconciler.INBOX, member.rightsOn(GroupReconciler.INBOX).letters());
            perFolder.put(GroupReconciler.SENT, member.rightsOn(GroupReconciler.SENT).letters());
            rights.put(member.address().asString(), perFolder);
        }
        MailboxSession session = mailboxManager.createSystemSession(group.address());
        Map<String, Long> messages = new LinkedHashMap<>();
        for (String folder : List.of(GroupReconciler.INBOX, GroupReconciler.SENT)) {
            messages.put(folder, mailboxManager.getMailbox(MailboxPath.forUser(group.address(), folder), session).getMessageCount(session));
        }
        response.type("application/json");
        return new Detail(GroupJson.toJson(group), rights, messages);
    }

    private Object put(Request request, Response response) {
        Username address = address(request.params("address"), "group");
        try {
            groups.put(GroupJson.read(jsonBody(request), address, GroupDefinition.Origin.REST));
        } catch (InvalidGroupsException e) {
            throw WebAdminErrors.badRequest(e.getMessage());
        } catch (GroupService.ReadOnlyGroupException | GroupService.GroupNameTakenException e) {
            throw WebAdminErrors.conflict(e.getMessage());
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    /** A body is read only when declared as JSON: {@code curl -d} without a header sends a form (415 otherwise). */
    private static String jsonBody(Request request) {
        String type = java.util.Optional.ofNullable(request.contentType())
            .map(value -> value.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT))
            .orElse("");
        if (!type.equals("application/json")) {
            throw WebAdminErrors.unsupportedMediaType("the body must be JSON, sent with Content-Type: application/json (got "
                + (type.isEmpty() ? "no Content-Type" : type) + ")");
        }
        return request.body();
    }

    private Object delete(Request request, Response response) {
        Username address = address(request.params("address"), "group");
        try {
            if (!groups.delete(address)) {
                throw WebAdminErrors.notFound("no group " + address.asString());
            }
        } catch (GroupService.ReadOnlyGroupException e) {
            throw WebAdminErrors.conflict(e.getMessage());
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object putMember(Request request, Response response) {
        GroupDefinition group = existing(request);
        Username member = address(request.params("member"), "member");
        try {
            GroupMember changed = GroupJson.readMember(jsonBody(request), member);
            groups.putMember(group.address(), changed);
        } catch (InvalidGroupsException e) {
            throw WebAdminErrors.badRequest(e.getMessage());
        } catch (GroupService.ReadOnlyGroupException | GroupService.GroupNameTakenException e) {
            throw WebAdminErrors.conflict(e.getMessage());
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object deleteMember(Request request, Response response) {
        GroupDefinition group = existing(request);
        Username member = address(request.params("member"), "member");
        try {
            if (!groups.removeMember(group.address(), member)) {
                throw WebAdminErrors.notFound(member.asString() + " is not a member of " + group.address().asString());
            }
        } catch (InvalidGroupsException e) {
            throw WebAdminErrors.badRequest(e.getMessage());
        } catch (GroupService.ReadOnlyGroupException | GroupService.GroupNameTakenException e) {
            throw WebAdminErrors.conflict(e.getMessage());
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private GroupDefinition existing(Request request) {
        Username address = address(request.params("address"), "group");
        Optional<GroupDefinition> group = groups.get(address);
        return group.orElseThrow(() -> WebAdminErrors.notFound("no group " + address.asString()));
    }

    private static Username address(String value, String what) {
        try {
            return GroupJson.parseAddress(value, what);
        } catch (InvalidGroupsException e) {
            throw WebAdminErrors.badRequest(e.getMessage());
        }
    }

}
