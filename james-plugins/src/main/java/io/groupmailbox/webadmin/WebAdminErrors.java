package io.groupmailbox.webadmin;

import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;

/** The JSON errors of this extension's routes, in James's WebAdmin format ({@code statusCode, type, message}). */
final class WebAdminErrors {

    private WebAdminErrors() {
    }

    static RuntimeException badRequest(String message) {
        return halt(HttpStatus.BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT, message);
    }

    static RuntimeException notFound(String message) {
        return halt(HttpStatus.NOT_FOUND_404, ErrorResponder.ErrorType.NOT_FOUND, message);
    }

    static RuntimeException conflict(String message) {
        return halt(HttpStatus.CONFLICT_409, ErrorResponder.ErrorType.INVALID_ARGUMENT, message);
    }

    static RuntimeException unsupportedMediaType(String message) {
        return halt(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, ErrorResponder.ErrorType.INVALID_ARGUMENT, message);
    }

    private static RuntimeException halt(int status, ErrorResponder.ErrorType type, String message) {
        return ErrorResponder.builder().statusCode(status).type(type).message(message).haltError();
    }
}
