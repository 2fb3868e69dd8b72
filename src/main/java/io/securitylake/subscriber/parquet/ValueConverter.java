package io.securitylake.subscriber.parquet;

/**
 * Turns one non-null Avro value into its JSON-ready Java form. One converter is chosen per schema node,
 * once per schema, so the per-row work is a plain virtual call with no schema inspection.
 */
@FunctionalInterface
interface ValueConverter {

    Object convert(Object value);
}
