package io.groupmailbox.webadmin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.groupmailbox.audit.AuditEntry;
import io.groupmailbox.audit.AuditQuery;
import io.groupmailbox.audit.AuditStore;
import io.groupmailbox.group.GroupJson;
import io.groupmailbox.group.InvalidGroupsException;
import io.groupmailbox.login.AppPassword;
import io.groupmailbox.login.AppPasswords;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * How members reach a group account (method 2), and the trail of what they did as the group.
 *
 * <pre>
 * POST   /groups/{group}/members/{member}/appPasswords        {} or {"label":"Thunderbird"} → 201 {"id","password"}
 *                                                              (the password is shown this once); 404 unknown group
 *                                                              or not a member
 * GET    /groups/{group}/members/{member}/appPasswords        → 200 [{"id","label","created","lastUsed"}]
 * DELETE /groups/{group}/members/{member}/appPasswords/{id}   → 204, 404
 * GET    /groups/{group}/audit?member=&amp;since=&amp;until=&amp;limit=&amp;cursor=
 *        → 200 {"entries":[{"id","time","member","action","method",...}],"next":cursor or null}, newest first;
 *          since/until are ISO-8601 instants (until excluded), limit 1..1000 (default 100); 400 on a bad parameter
 * </pre>
 */
public class GroupAccessRoutes implements Routes {

    static final int DEFAULT_LIMIT = 100;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AppPasswords appPasswords;
    private final AuditStore audit;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public GroupAccessRoutes(AppPasswords appPasswords, AuditStore audit) {
        this.appPasswords = appPasswords;
        this.audit = audit;
    }

    @Override
    public String getBasePath() {
        return GroupRoutes.BASE_PATH;
    }

    @Override
    public void define(Service service) {
        String appPasswordsPath = GroupRoutes.BASE_PATH + "/:address/members/:member/appPasswords";
        service.post(appPasswordsPath, this::create, json);
        service.get(appPasswordsPath, this::list, json);
        service.delete(appPasswordsPath + "/:id", this::revoke);
        service.get(GroupRoutes.BASE_PATH + "/:address/audit", this::audit, json);
    }

    private Object create(Request request, Response response) {
        Username group = address(request.params("address"), "group");
        Username member = address(request.params("member"), "member");
        String label = label(request.body());
        try {
            AppPasswords.Created created = appPasswords.create(group, member, label);
            response.status(HttpStatus.CREATED_201);
            response.type("application/json");
            return Map.of("id", created.id(), "password", created.password());
        } catch (AppPasswords.NoSuchGroupException | AppPasswords.NotAMemberException e) {
            throw WebAdminErrors.notFound(e.getMessage());
        }
    }

    private Object list(Request request, Response response) {
        Username group = address(request.params("address"), "group");
        Username member = address(request.params("member"), "member");
        try {
            List<AppPassword> passwords = appPasswords.list(group, member);
            response.type("application/json");
            return passwords.stream().map(GroupAccessRoutes::toJson).toList();
        } catch (AppPasswords.NoSuchGroupException e) {
            throw WebAdminErrors.notFound(e.getMessage());
        }
    }

    private Object revoke(Request request, Response response) {
        Username group = address(request.params("address"), "group");
        Username member = address(request.params("member"), "member");
        try {
            if (!appPasswords.revoke(group, member, request.params("id"))) {
                throw WebAdminErrors.notFound(member.asString() + " has no app password " + request.params("id")
                    + " for " + group.asString());
            }
        } catch (AppPasswords.NoSuchGroupException e) {
            throw WebAdminErrors.notFound(e.getMessage());
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object audit(Request request, Response response) {
        Username group = address(request.params("address"), "group");
        Optional<Username> member = Optional.ofNullable(request.queryParams("member")).map(value -> address(value, "member"));
        Optional<Instant> since = instant(request.queryParams("since"), "since");
        Optional<Instant> until = instant(request.queryParams("until"), "until");
        int limit = Optional.ofNullable(request.queryParams("limit")).map(GroupAccessRoutes::limit).orElse(DEFAULT_LIMIT);
        Optional<Long> cursor = Optional.ofNullable(request.queryParams("cursor")).map(GroupAccessRoutes::cursor);
        List<AuditEntry> entries = audit.find(new AuditQuery(group, member, since, until, limit, cursor));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("entries", entries.stream().map(GroupAccessRoutes::toJson).toList());
        page.put("next", entries.size() == limit ? String.valueOf(entries.get(entries.size() - 1).id()) : null);
        response.type("application/json");
        return page;
    }

    private static Map<String, Object> toJson(AppPassword password) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", password.id());
        json.put("label", password.label());
        json.put("created", password.created().toString());
        json.put("lastUsed", password.lastUsed().map(Instant::toString).orElse(null));
        return json;
    }

    private static Map<String, Object> toJson(AuditEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", String.valueOf(entry.id()));
        json.put("time", entry.time().toString());
        json.put("member", entry.member().asString());
        json.put("action", entry.action());
        json.put("method", entry.method());
        entry.details().forEach(json::putIfAbsent);
        return json;
    }

    private static String label(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (!node.isObject()) {
                throw WebAdminErrors.badRequest("the body must be a JSON object, e.g. {\"label\":\"Thunderbird\"}");
            }
            JsonNode label = node.get("label");
            if (label == null || label.isNull()) {
                return "";
            }
            if (!label.isTextual()) {
                throw WebAdminErrors.badRequest("label must be a string");
            }
            return label.asText();
        } catch (JsonProcessingException e) {
            throw WebAdminErrors.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static Optional<Instant> instant(String value, String name) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw WebAdminErrors.badRequest(name + " must be an ISO-8601 instant such as 2026-12-04T10:15:30Z, not '" + value + "'");
        }
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= AuditQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw WebAdminErrors.badRequest("limit must be a whole number from 1 to " + AuditQuery.MAX_LIMIT + ", not '" + value + "'");
    }

    private static long cursor(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw WebAdminErrors.badRequest("cursor must be the 'next' value of a previous page, not '" + value + "'");
        }
    }

    private static Username address(String value, String what) {
        try {
            return GroupJson.parseAddress(value, what);
        } catch (InvalidGroupsException e) {
            throw WebAdminErrors.badRequest(e.getMessage());
        }
    }
}
