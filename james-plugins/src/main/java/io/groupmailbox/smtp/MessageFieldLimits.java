package io.groupmailbox.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * The fields of a message that the mailbox store keeps in columns of their own, and how long they may be. James
 * 3.8.1 parses the top-level header of each message it stores into its media type, subtype and "properties"
 * (Content-Type and Content-Disposition parameters, Content-ID, Content-Description, Content-Location,
 * Content-MD5, Content-Transfer-Encoding, Content-Language), each in a VARCHAR; the server widens those columns to
 * {@link #MAX_STORED_LENGTH} at start. A longer field could not be stored at all: the message is refused at SMTP
 * instead ({@link MimeStructureHook}), parsed here as James parses it.
 */
public final class MessageFieldLimits {

    /** The widest VARCHAR Derby has (one that queries can still compare with {@code =}). */
    public static final int MAX_STORED_LENGTH = 32_672;

    private MessageFieldLimits() {
    }

    /** The first field of the message's top-level header that is too long to store, with its length. */
    public static Optional<String> tooLongField(InputStream message) throws IOException {
        MimeTokenStream parser = new MimeTokenStream(MimeConfig.PERMISSIVE,
            new DefaultBodyDescriptorBuilder(null, new LenientFieldParser(), DecodeMonitor.SILENT));
        parser.setRecursionMode(RecursionMode.M_NO_RECURSE);
        parser.parse(message);
        try {
            EntityState state = parser.next();
            while (state != EntityState.T_BODY && state != EntityState.T_END_OF_STREAM && state != EntityState.T_START_MULTIPART) {
                state = parser.next();
            }
        } catch (MimeException e) {
            return Optional.empty();
        }
        return firstTooLong(storedFields((MaximalBodyDescriptor) parser.getBodyDescriptor()));
    }

    record Field(String name, String value) {
    }

    private static List<Field> storedFields(MaximalBodyDescriptor descriptor) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("Content-Type media type", descriptor.getMediaType()));
        fields.add(new Field("Content-Type subtype", descriptor.getSubType()));
        parameters(fields, "Content-Type", descriptor.getContentTypeParameters());
        parameters(fields, "Content-Disposition", descriptor.getContentDispositionParameters());
        fields.add(new Field("Content-Disposition", descriptor.getContentDispositionType()));
        fields.add(new Field("Content-ID", descriptor.getContentId()));
        fields.add(new Field("Content-Description", descriptor.getContentDescription()));
        fields.add(new Field("Content-Location", descriptor.getContentLocation()));
        fields.add(new Field("Content-MD5", descriptor.getContentMD5Raw()));
        fields.add(new Field("Content-Transfer-Encoding", descriptor.getTransferEncoding()));
        if (descriptor.getContentLanguage() != null) {
            descriptor.getContentLanguage().forEach(language -> fields.add(new Field("Content-Language", language)));
        }
        return fields;
    }

    private static void parameters(List<Field> fields, String header, Map<String, String> parameters) {
        if (parameters != null) {
            parameters.forEach((name, value) -> {
                fields.add(new Field(header + " parameter name", name));
                fields.add(new Field(header + " parameter " + abbreviated(name), value));
            });
        }
    }

    private static Optional<String> firstTooLong(List<Field> fields) {
        return fields.stream()
            .filter(field -> field.value() != null && field.value().length() > MAX_STORED_LENGTH)
            .findFirst()
            .map(field -> field.name() + " is " + field.value().length() + " characters long, at most " + MAX_STORED_LENGTH + " can be stored");
    }

    private static String abbreviated(String name) {
        return name.length() > 40 ? name.substring(0, 40) + "..." : name;
    }
}
