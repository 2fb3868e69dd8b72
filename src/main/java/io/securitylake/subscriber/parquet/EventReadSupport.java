package io.securitylake.subscriber.parquet;

import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * Reads rows with Parquet's own record model straight into event maps, every column as the file names it: no
 * Avro schema is made from the file's, so a column name Avro would refuse ({@code responseElements.user.arn},
 * {@code 1st}, {@code a b}, {@code ü}) reads like any other, at any depth (value rules: {@link Columns}).
 */
final class EventReadSupport extends ReadSupport<Map<String, Object>> {

    @Override
    public ReadContext init(InitContext context) {
        return new ReadContext(context.getFileSchema()); // every column
    }

    @Override
    public RecordMaterializer<Map<String, Object>> prepareForRead(Configuration configuration,
            Map<String, String> keyValueMetaData, MessageType fileSchema, ReadContext readContext) {
        return new Rows(readContext.getRequestedSchema());
    }

    @Override
    public RecordMaterializer<Map<String, Object>> prepareForRead(ParquetConfiguration configuration,
            Map<String, String> keyValueMetaData, MessageType fileSchema, ReadContext readContext) {
        return new Rows(readContext.getRequestedSchema());
    }

    /** One converter tree per file; each row replaces the last. */
    private static final class Rows extends RecordMaterializer<Map<String, Object>> {

        private final GroupConverter root;
        private Map<String, Object> row;

        @SuppressWarnings("unchecked")
        Rows(MessageType schema) {
            this.root = new Groups.Struct(schema, "", value -> row = (Map<String, Object>) value);
        }

        @Override
        public Map<String, Object> getCurrentRecord() {
            return row;
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }
}
