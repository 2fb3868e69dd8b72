package io.securitylake.subscriber;

import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.springframework.stereotype.Component;

/**
 * With {@code lake.routes-reload}, an edited route file of the routes folder replaces its routes while the service
 * runs (the other files' routes stay). The strategy Camel main would add for {@code camel.main.routes-reload-*},
 * set from {@link LakeSettings} so the setting has one home.
 */
@Component
class RouteReloading implements CamelContextConfiguration {

    private final LakeSettings lake;

    RouteReloading(LakeSettings lake) {
        this.lake = lake;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        Path folder = RoutesLocation.folder(lake);
        if (lake.routesReload() && folder != null) {
            RouteWatcherReloadStrategy reloader = new RouteWatcherReloadStrategy(folder.toString(), false);
            reloader.setPattern("*.camel.yaml");
            reloader.setRemoveAllRoutes(false);
            try {
                camelContext.addService(reloader);
            } catch (Exception e) {
                throw new IllegalStateException("cannot watch the routes folder " + folder, e);
            }
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing: the watcher starts with the context
    }
}
