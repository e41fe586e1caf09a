package io.groupmailbox.server.smtp;

import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.smtpserver.ExtendedSMTPSession;
import org.apache.james.smtpserver.netty.SMTPChannelInboundHandler;
import org.apache.james.smtpserver.netty.SmtpMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;

/**
 * One SMTP transaction, one answer. James 3.8.1 answers a line over its line limit (8192 octets) inside DATA
 * with {@code 500 Line length exceeded} at once, drops the line, then stores the rest with
 * {@code 250} after the dot: a sending server bounces on the first answer while the mail was delivered, and a
 * pipelining client loses step. Here such a message is refused once, after the dot ({@code 554 5.6.0}), and
 * nothing of it is stored. A message over the size limit gets {@code 552 5.3.4} with the limit, in place of
 * James's bare {@code 552 Quota exceeded}. Outside DATA a too-long command line keeps James's own answer.
 */
class OneAnswerPerMessageHandler extends SMTPChannelInboundHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(OneAnswerPerMessageHandler.class);

    private static final ProtocolSession.AttachmentKey<Boolean> LINE_TOO_LONG =
        ProtocolSession.AttachmentKey.of("groupMailbox.lineTooLong", Boolean.class);
    /** Set by James's MailSizeEsmtpExtension once the data passed the size limit (equal keys share a value). */
    private static final ProtocolSession.AttachmentKey<Boolean> SIZE_EXCEEDED =
        ProtocolSession.AttachmentKey.of("MESG_FAILED", Boolean.class);

    private static final int LINE_LIMIT = AbstractChannelPipelineFactory.MAX_LINE_LENGTH;
    private static final Response LINE_TOO_LONG_REFUSAL = new SMTPResponse("554",
        "5.6.0 Line too long: a line of this message is longer than " + LINE_LIMIT
            + " octets (RFC 5321 4.5.3.1.6); the message was not accepted").immutable();

    OneAnswerPerMessageHandler(Protocol protocol, Encryption encryption, boolean proxyRequired, SmtpMetrics metrics) {
        super(protocol, encryption, proxyRequired, metrics);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        ExtendedSMTPSession session = session(ctx);
        if (cause instanceof TooLongFrameException && session != null && inData(session)) {
            // the decoder already dropped the line: remember it, answer at the dot
            session.setAttachment(LINE_TOO_LONG, true, State.Transaction);
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        ExtendedSMTPSession session = session(ctx);
        if (session != null && inData(session) && msg instanceof ByteBuf && isFinalDot((ByteBuf) msg)) {
            Response refusal = refusal(session);
            if (refusal != null) {
                ((ByteBuf) msg).release();
                LOGGER.info("Refused a message at the end of DATA: {}", refusal.getLines().get(0));
                session.popLineHandler();
                session.resetState();
                ((ProtocolSessionImpl) session).getProtocolTransport().writeResponse(refusal, session);
                return;
            }
        }
        super.channelRead(ctx, msg);
    }

    private static Response refusal(ExtendedSMTPSession session) {
        if (session.getAttachment(LINE_TOO_LONG, State.Transaction).orElse(false)) {
            return LINE_TOO_LONG_REFUSAL;
        }
        if (session.getAttachment(SIZE_EXCEEDED, State.Transaction).orElse(false)) {
            return new SMTPResponse("552", "5.3.4 Message too big: the limit is "
                + session.getConfiguration().getMaxMessageSize() + " bytes; the message was not accepted");
        }
        return null;
    }

    /** Between the 354 to DATA and the final dot James keeps the message being written in the session. */
    private static boolean inData(ExtendedSMTPSession session) {
        return session.getMimeMessageWriter() != null;
    }

    private static boolean isFinalDot(ByteBuf line) {
        return line.readableBytes() == 3
            && line.getByte(line.readerIndex()) == '.'
            && line.getByte(line.readerIndex() + 1) == '\r'
            && line.getByte(line.readerIndex() + 2) == '\n';
    }

    private static ExtendedSMTPSession session(ChannelHandlerContext ctx) {
        return (ExtendedSMTPSession) ctx.channel().attr(SESSION_ATTRIBUTE_KEY).get();
    }
}
