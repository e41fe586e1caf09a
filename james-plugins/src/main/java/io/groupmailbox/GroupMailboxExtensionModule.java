package io.groupmailbox;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * Guice bindings that the extension's mailets, matchers, SMTP hooks and WebAdmin routes need.
 *
 * <p>On a stock James 3.8.1, drop {@code james-plugins.jar} into {@code extensions-jars/} and declare this
 * module in {@code conf/extensions.properties}:
 * <pre>guice.extension.module=io.groupmailbox.GroupMailboxExtensionModule</pre>
 * and the routes in {@code conf/webadmin.properties}:
 * <pre>extensions.routes=io.groupmailbox.webadmin.VersionRoutes</pre>
 * The embedded server loads the extension the same way, from its own {@code conf/}.
 */
public class GroupMailboxExtensionModule extends AbstractModule {

    @Provides
    @Singleton
    ProductVersion productVersion() {
        return ProductVersion.current();
    }
}
