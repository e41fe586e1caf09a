package io.groupmailbox.group;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

import io.groupmailbox.identity.SenderMode;

/**
 * The JSON form of a group, as WebAdmin shows and accepts it and as the database stores it.
 *
 * <pre>
 * {"address":"support@example.fr","name":"Support","senderMode":"send-as","membersMaySend":true,
 *  "notify":"each","digestInterval":"PT1H","signature":"-- \nThe Support team","origin":"configuration",
 *  "members":[{"address":"alice@example.fr","role":"replier","notify":true,"folders":{"Sent":"lr"}}]}
 * </pre>
 */
public final class GroupJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
        .registerModule(new Jdk8Module())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
        .setSerializationInclusion(JsonInclude.Include.NON_ABSENT);

    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Member(String address, String role, @JsonProperty("notify") Boolean notifications, Map<String, String> folders) {
    }

    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Group(String address, String name, String senderMode, Boolean membersMaySend, @JsonProperty("notify") String notifications,
                        String digestInterval, Optional<String> signature, String origin, List<Member> members) {
    }

    private GroupJson() {
    }

    public static Group toJson(GroupDefinition group) {
        return new Group(group.address().asString(), group.name(), group.senderMode().asString(), group.membersMaySend(),
            group.notifyMode().asString(), group.digestInterval().toString(), group.signature(),
            group.origin().name().toLowerCase(java.util.Locale.US),
            group.members().stream().map(GroupJson::toJson).toList());
    }

    public static Member toJson(GroupMember member) {
        Map<String, String> folders = new LinkedHashMap<>();
        member.folderRights().forEach((folder, rights) -> folders.put(folder, rights.letters()));
        return new Member(member.address().asString(), member.role().asString(), member.notified(), folders);
    }

    public static String write(GroupDefinition group) {
        try {
            return MAPPER.writeValueAsString(toJson(group));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stored or submitted group; {@code address} and {@code origin} are given by the caller. */
    public static GroupDefinition read(String json, Username address, GroupDefinition.Origin origin) throws InvalidGroupsException {
        try {
            return fromJson(MAPPER.readValue(json, Group.class), address, origin);
        } catch (JsonProcessingException e) {
            throw new InvalidGroupsException("invalid JSON: " + e.getOriginalMessage());
        }
    }

    public static GroupMember readMember(String json, Username address) throws InvalidGroupsException {
        try {
            return fromJson(MAPPER.readValue(json, Member.class), address);
        } catch (JsonProcessingException e) {
            throw new InvalidGroupsException("invalid JSON: " + e.getOriginalMessage());
        }
    }

    static GroupDefinition fromJson(Group json, Username address, GroupDefinition.Origin origin) throws InvalidGroupsException {
        if (json.address() != null && !Username.of(json.address()).equals(address)) {
            throw new InvalidGroupsException("the address in the body (" + json.address() + ") differs from the one in the path ("
                + address.asString() + ")");
        }
        SenderMode senderMode = Optional.ofNullable(json.senderMode()).map(SenderMode::fromString).orElse(Optional.of(SenderMode.SEND_AS))
            .orElseThrow(() -> new InvalidGroupsException("senderMode must be send-as or send-on-behalf, not '" + json.senderMode() + "'"));
        NotifyMode notify = Optional.ofNullable(json.notifications()).map(NotifyMode::parse).orElse(Optional.of(NotifyMode.EACH))
            .orElseThrow(() -> new InvalidGroupsException("notify must be each, digest or none, not '" + json.notifications() + "'"));
        Duration digestInterval;
        try {
            digestInterval = Optional.ofNullable(json.digestInterval()).map(GroupJson::duration).orElse(GroupDefinition.DEFAULT_DIGEST_INTERVAL);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new InvalidGroupsException("digestInterval must be a duration such as PT1H, 1h or 30s, not '" + json.digestInterval() + "'");
        }
        if (digestInterval.compareTo(GroupDefinition.MIN_DIGEST_INTERVAL) < 0) {
            throw new InvalidGroupsException("digestInterval must be at least 1s, not '" + json.digestInterval() + "'");
        }
        List<GroupMember> members = new java.util.ArrayList<>();
        java.util.Set<Username> seen = new java.util.HashSet<>();
        for (Member member : Optional.ofNullable(json.members()).orElse(List.of())) {
            if (member.address() == null) {
                throw new InvalidGroupsException("every member needs an address");
            }
            Username memberAddress = parseAddress(member.address(), "member");
            if (!seen.add(memberAddress)) {
                throw new InvalidGroupsException("duplicate member " + memberAddress.asString());
            }
            if (memberAddress.equals(address)) {
                throw new InvalidGroupsException("the group " + address.asString() + " cannot be a member of itself");
            }
            members.add(fromJson(member, memberAddress));
        }
        return new GroupDefinition(address, Optional.ofNullable(json.name()).orElse(address.getLocalPart()), senderMode,
            Optional.ofNullable(json.membersMaySend()).orElse(false), notify, digestInterval,
            json.signature() == null ? Optional.empty() : json.signature(), members, origin);
    }

    static GroupMember fromJson(Member json, Username address) throws InvalidGroupsException {
        if (json.address() != null && !Username.of(json.address()).equals(address)) {
            throw new InvalidGroupsException("the address in the body (" + json.address() + ") differs from the one in the path ("
                + address.asString() + ")");
        }
        Role role = Optional.ofNullable(json.role()).flatMap(Role::parse)
            .orElseThrow(() -> new InvalidGroupsException("role must be one of " + Role.expected() + ", not '" + json.role() + "'"));
        Map<String, Rights> folders = new LinkedHashMap<>();
        for (Map.Entry<String, String> folder : Optional.ofNullable(json.folders()).orElse(Map.of()).entrySet()) {
            try {
                folders.put(folder.getKey(), Rights.of(folder.getValue()));
            } catch (IllegalArgumentException e) {
                throw new InvalidGroupsException("invalid rights on folder " + folder.getKey() + ": " + e.getMessage());
            }
        }
        return new GroupMember(address, role, Optional.ofNullable(json.notifications()).orElse(true), folders);
    }

    /** ISO-8601 as GET shows it ({@code PT1H}), or the short form of groups.xml ({@code 1h}, {@code 30s}). */
    private static Duration duration(String value) {
        return value.regionMatches(true, 0, "P", 0, 1) ? Duration.parse(value) : org.apache.james.util.DurationParser.parse(value);
    }

    public static Username parseAddress(String value, String what) throws InvalidGroupsException {
        try {
            return Username.fromMailAddress(new org.apache.james.core.MailAddress(value));
        } catch (javax.mail.internet.AddressException | IllegalArgumentException e) {
            throw new InvalidGroupsException("'" + value + "' is not a valid " + what + " address");
        }
    }
}
