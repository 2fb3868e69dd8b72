package io.securitylake.subscriber.parquet;

/** A value that could not be converted, with the dotted path of the field that held it ({@code []} marks list items). */
final class FieldConversionException extends RuntimeException {

    private final String path;

    FieldConversionException(String path, Throwable cause) {
        super("cannot convert field '" + path + "': " + cause, cause);
        this.path = path;
    }

    String path() {
        return path;
    }
}
