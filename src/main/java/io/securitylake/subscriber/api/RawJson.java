package io.securitylake.subscriber.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;

/**
 * A JSON document exactly as PostgreSQL returned it ({@code event::text}), written into a response without
 * being parsed and re-rendered: the event the caller gets is the stored one, at no parse cost.
 */
@JsonSerialize(using = RawJson.Writer.class)
public record RawJson(String json) {

    static final class Writer extends JsonSerializer<RawJson> {
        @Override
        public void serialize(RawJson value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeRawValue(value.json());
        }
    }
}
