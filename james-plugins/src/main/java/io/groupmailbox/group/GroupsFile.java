package io.groupmailbox.group;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.mail.internet.AddressException;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.util.DurationParser;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import io.groupmailbox.identity.SenderMode;
import io.groupmailbox.imap.GroupFolders;

/**
 * {@code conf/groups.xml}, parsed and checked: every error names the file and the line.
 *
 * <pre>
 * &lt;groups&gt;
 *   &lt;group address="support@example.fr" name="Support" senderMode="send-as" membersMaySend="true"
 *          notify="each"&gt;                              &lt;!-- notify: each | digest | none; digestInterval="1h" (30s, 15m, 1d; at least 1s) --&gt;
 *     &lt;signature&gt;-- \nThe Support team&lt;/signature&gt;  &lt;!-- "\n" is a line break --&gt;
 *     &lt;member address="alice@example.fr" role="replier"/&gt;   &lt;!-- reader | replier | manager --&gt;
 *     &lt;member address="bob@example.fr" role="reader" notify="false"&gt;
 *       &lt;folder name="Sent" rights="lr"/&gt;            &lt;!-- replaces the role's rights on that folder --&gt;
 *     &lt;/member&gt;
 *   &lt;/group&gt;
 * &lt;/groups&gt;
 * </pre>
 *
 * Checks that need James's stores (a member who is not a user, a group in a domain James does not serve)
 * are made by {@link GroupService} before anything is applied, with the lines kept here.
 */
public record GroupsFile(Path file, List<GroupDefinition> groups, Map<Username, Integer> groupLines,
                         Map<Username, Map<Username, Integer>> memberLines) {

    private static final Set<String> GROUP_ATTRIBUTES = Set.of("address", "name", "senderMode", "membersMaySend",
        "notify", "digestInterval");
    private static final Set<String> MEMBER_ATTRIBUTES = Set.of("address", "role", "notify");
    private static final Set<String> FOLDER_ATTRIBUTES = Set.of("name", "rights");

    /** An absent file declares no group. */
    public static GroupsFile read(Path file) throws InvalidGroupsException {
        if (!Files.exists(file)) {
            return new GroupsFile(file, List.of(), Map.of(), Map.of());
        }
        Element root = parseXml(file);
        return new Reader(file).read(root);
    }

    public String where(Username group) {
        return file + ", line " + groupLines.getOrDefault(group, 0);
    }

    public String where(Username group, Username member) {
        return file + ", line " + memberLines.getOrDefault(group, Map.of()).getOrDefault(member, groupLines.getOrDefault(group, 0));
    }

    private record Element(String name, Map<String, String> attributes, StringBuilder text, int line, List<Element> children) {
        List<Element> children(String childName) {
            return children.stream().filter(child -> child.name.equals(childName)).toList();
        }
    }

    private static final class Reader {
        private final Path file;

        private Reader(Path file) {
            this.file = file;
        }

        GroupsFile read(Element root) throws InvalidGroupsException {
            if (!root.name.equals("groups")) {
                throw error(root, "the root element must be <groups>, not <" + root.name + ">");
            }
            List<GroupDefinition> groups = new ArrayList<>();
            Map<Username, Integer> groupLines = new LinkedHashMap<>();
            Map<Username, Map<Username, Integer>> memberLines = new HashMap<>();
            Map<String, GroupDefinition> byName = new HashMap<>();
            for (Element element : root.children) {
                if (!element.name.equals("group")) {
                    throw error(element, "unexpected element <" + element.name + "> in <groups> (expected <group>)");
                }
                Map<Username, Integer> lines = new HashMap<>();
                GroupDefinition group = group(element, lines);
                Integer first = groupLines.putIfAbsent(group.address(), element.line);
                if (first != null) {
                    throw error(element, "duplicate group " + group.address().asString() + " (first declared on line " + first + ")");
                }
                GroupDefinition sameName = byName.putIfAbsent(group.name().toLowerCase(Locale.ROOT), group);
                if (sameName != null) {
                    throw error(element, "group name '" + group.name() + "' is already used by " + sameName.address().asString()
                        + " (line " + groupLines.get(sameName.address()) + "); names must differ, ignoring case: each names the members' folder "
                        + GroupFolders.ROOT + "." + group.name());
                }
                memberLines.put(group.address(), lines);
                groups.add(group);
            }
            return new GroupsFile(file, List.copyOf(groups), Map.copyOf(groupLines), Map.copyOf(memberLines));
        }

        private GroupDefinition group(Element element, Map<Username, Integer> memberLines) throws InvalidGroupsException {
            checkAttributes(element, GROUP_ATTRIBUTES);
            Username address = address(element, "group");
            SenderMode senderMode = optional(element, "senderMode")
                .map(value -> SenderMode.fromString(value))
                .orElse(Optional.of(SenderMode.SEND_AS))
                .orElseThrow(() -> error(element, "senderMode must be send-as or send-on-behalf, not '"
                    + element.attributes.get("senderMode") + "'"));
            boolean membersMaySend = bool(element, "membersMaySend", false);
            NotifyMode notify = optional(element, "notify")
                .map(NotifyMode::parse)
                .orElse(Optional.of(NotifyMode.EACH))
                .orElseThrow(() -> error(element, "notify must be each, digest or none, not '" + element.attributes.get("notify") + "'"));
            Duration digestInterval = GroupDefinition.DEFAULT_DIGEST_INTERVAL;
            Optional<String> interval = optional(element, "digestInterval");
            if (interval.isPresent()) {
                if (notify != NotifyMode.DIGEST) {
                    throw error(element, "digestInterval is only meaningful with notify=\"digest\"");
                }
                digestInterval = duration(element, interval.get());
            }
            Optional<String> signature = Optional.empty();
            List<GroupMember> members = new ArrayList<>();
            for (Element child : element.children) {
                switch (child.name) {
                    case "signature" -> {
                        if (signature.isPresent()) {
                            throw error(child, "a group has one <signature> at most");
                        }
                        signature = Optional.of(child.text.toString().strip().replace("\\n", "\n"));
                    }
                    case "member" -> {
                        GroupMember member = member(child, address);
                        Integer first = memberLines.putIfAbsent(member.address(), child.line);
                        if (first != null) {
                            throw error(child, "duplicate member " + member.address().asString() + " (first declared on line " + first + ")");
                        }
                        members.add(member);
                    }
                    default -> throw error(child, "unexpected element <" + child.name + "> in <group> (expected <signature> or <member>)");
                }
            }
            String name = Optional.ofNullable(element.attributes.get("name")).orElse(address.getLocalPart());
            Optional<String> invalidName = GroupDefinition.invalidName(name);
            if (invalidName.isPresent()) {
                throw error(element, invalidName.get() + (element.attributes.containsKey("name") ? "" : " (the default name is the address's local part; set name=\"...\")"));
            }
            return new GroupDefinition(address, name, senderMode, membersMaySend, notify, digestInterval, signature,
                members, GroupDefinition.Origin.CONFIGURATION);
        }

        private GroupMember member(Element element, Username group) throws InvalidGroupsException {
            checkAttributes(element, MEMBER_ATTRIBUTES);
            Username address = address(element, "member");
            if (address.equals(group)) {
                throw error(element, "the group " + group.asString() + " cannot be a member of itself");
            }
            String roleName = optional(element, "role")
                .orElseThrow(() -> error(element, "member " + address.asString() + " has no role (expected " + Role.expected() + ")"));
            Role role = Role.parse(roleName)
                .orElseThrow(() -> error(element, "unknown role '" + roleName + "' for member " + address.asString()
                    + " (expected " + Role.expected() + ")"));
            Map<String, Rights> folders = new LinkedHashMap<>();
            for (Element child : element.children) {
                if (!child.name.equals("folder")) {
                    throw error(child, "unexpected element <" + child.name + "> in <member> (expected <folder>)");
                }
                checkAttributes(child, FOLDER_ATTRIBUTES);
                String folder = optional(child, "name").orElseThrow(() -> error(child, "<folder> needs a name"));
                String letters = optional(child, "rights").orElseThrow(() -> error(child, "<folder name=\"" + folder + "\"> needs rights"));
                try {
                    if (folders.put(folder, Rights.of(letters)) != null) {
                        throw error(child, "folder " + folder + " is listed twice for member " + address.asString());
                    }
                } catch (IllegalArgumentException e) {
                    throw error(child, "invalid rights '" + letters + "' on folder " + folder + ": " + e.getMessage());
                }
            }
            return new GroupMember(address, role, bool(element, "notify", true), folders);
        }

        private Username address(Element element, String what) throws InvalidGroupsException {
            String value = optional(element, "address")
                .orElseThrow(() -> error(element, "<" + element.name + "> needs an address"));
            try {
                return Username.fromMailAddress(new MailAddress(value));
            } catch (AddressException | IllegalArgumentException e) {
                throw error(element, "'" + value + "' is not a valid " + what + " address");
            }
        }

        private Duration duration(Element element, String value) throws InvalidGroupsException {
            Duration duration;
            try {
                duration = DurationParser.parse(value);
            } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                throw error(element, "digestInterval '" + value + "' is not a duration (e.g. 30s, 30m, 1h, 1d)");
            }
            if (duration.compareTo(GroupDefinition.MIN_DIGEST_INTERVAL) < 0) {
                throw error(element, "digestInterval must be at least 1s, not '" + value + "'");
            }
            return duration;
        }

        private boolean bool(Element element, String attribute, boolean defaultValue) throws InvalidGroupsException {
            Optional<String> value = optional(element, attribute);
            if (value.isEmpty()) {
                return defaultValue;
            }
            return switch (value.get()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw error(element, attribute + " must be true or false, not '" + value.get() + "'");
            };
        }

        private static Optional<String> optional(Element element, String attribute) {
            return Optional.ofNullable(element.attributes.get(attribute)).map(String::strip);
        }

        private void checkAttributes(Element element, Set<String> allowed) throws InvalidGroupsException {
            for (String attribute : element.attributes.keySet()) {
                if (!allowed.contains(attribute)) {
                    throw error(element, "unknown attribute '" + attribute + "' on <" + element.name + "> (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        private InvalidGroupsException error(Element element, String message) {
            return new InvalidGroupsException(file + ", line " + element.line + ": " + message);
        }
    }

    private static Element parseXml(Path file) throws InvalidGroupsException {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(false);
            TreeBuilder builder = new TreeBuilder();
            factory.newSAXParser().parse(file.toFile(), builder);
            return builder.root;
        } catch (SAXParseException e) {
            throw new InvalidGroupsException(file + ", line " + e.getLineNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | ParserConfigurationException e) {
            throw new InvalidGroupsException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidGroupsException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Keeps the line of each element, which the DOM parsers of the JDK forget. */
    private static final class TreeBuilder extends DefaultHandler {
        private final Deque<Element> open = new ArrayDeque<>();
        private Locator locator;
        private Element root;

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < attributes.getLength(); i++) {
                values.put(attributes.getQName(i), attributes.getValue(i));
            }
            Element element = new Element(qName, values, new StringBuilder(), locator.getLineNumber(), new ArrayList<>());
            if (open.isEmpty()) {
                root = element;
            } else {
                open.peek().children.add(element);
            }
            open.push(element);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            open.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!open.isEmpty()) {
                open.peek().text.append(ch, start, length);
            }
        }
    }
}
