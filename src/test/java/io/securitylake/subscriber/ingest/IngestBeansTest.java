package io.securitylake.subscriber.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.ocsf.OcsfCatalog;
import org.junit.jupiter.api.Test;

/** The beans the routes call by name are the stages they stand for. */
class IngestBeansTest {

    @Test
    void everyStageIsMade() {
        IngestBeans beans = new IngestBeans();
        OcsfCatalog catalog = beans.ocsfCatalog();
        assertThat(catalog.versions()).isNotEmpty();
        assertThat(beans.notificationParser().parse("{\"Records\":[]}")).isEmpty();
        assertThat(beans.parquetEventReader()).isNotNull();
        assertThat(beans.eventNormaliser(catalog)).isNotNull();
    }
}
