package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.notification.NotificationParser;
import io.securitylake.subscriber.ocsf.EventNormaliser;
import io.securitylake.subscriber.ocsf.OcsfCatalog;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.tenant.TenantDirectory;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.tenant.TenantStores;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plain-Java stages of the flow, as the beans the YAML routes call by name. */
@Configuration(proxyBeanMethods = false)
class IngestBeans {

    @Bean
    NotificationParser notificationParser() {
        return new NotificationParser();
    }

    @Bean
    ParquetEventReader parquetEventReader() {
        return new ParquetEventReader();
    }

    @Bean
    OcsfCatalog ocsfCatalog() {
        return OcsfCatalog.load();
    }

    /** The tenants' connection pools, sized by {@code lake.ingest.tenant-pool-size}. */
    @Bean
    TenantStores tenantStores(TenantSettings tenants, IngestSettings ingest, DataSourceProperties control,
                              TenantDirectory directory) {
        return new TenantStores(tenants, ingest.tenantPoolSize(), control, directory);
    }

    @Bean
    EventNormaliser eventNormaliser(OcsfCatalog catalog) {
        return new EventNormaliser(catalog);
    }
}
