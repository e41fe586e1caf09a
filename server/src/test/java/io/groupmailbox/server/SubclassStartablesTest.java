package io.groupmailbox.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.modules.StartablesModule;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitializationOperations;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.junit.jupiter.api.Test;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;
import com.google.inject.util.Modules;

/**
 * A James component replaced by a subclass is configured where James configures the component, before the
 * components that use it start (as the mail spooler uses the recipient rewrite table and the mailet context).
 */
class SubclassStartablesTest {

    /** As James's RecipientRewriteTable or MailetContext: the interface the users of the component inject. */
    interface ComponentApi {
    }

    static class JamesComponent implements ComponentApi, Startable {
    }

    static class ProjectSubclass extends JamesComponent {
    }

    /** As James's mailet processors: they use the component, and James does not see it among the spooler's needs. */
    static class Processor {
        @Inject
        Processor(ComponentApi component) {
        }
    }

    static class Spooler implements Startable {
        @Inject
        Spooler(Processor processor) {
        }
    }

    static class Composition extends AbstractModule {
        final List<String> initialised = new CopyOnWriteArrayList<>();

        @Override
        protected void configure() {
            bind(ProjectSubclass.class).in(Scopes.SINGLETON);
            bind(JamesComponent.class).to(ProjectSubclass.class);
            bind(ComponentApi.class).to(ProjectSubclass.class);
            bind(Spooler.class).in(Scopes.SINGLETON);
        }

        @ProvidesIntoSet
        InitializationOperation startSpooler(Spooler spooler) {
            return InitilizationOperationBuilder.forClass(Spooler.class).init(() -> initialised.add("spooler started"));
        }

        @ProvidesIntoSet
        InitializationOperation configureComponent(JamesComponent component) {
            return InitilizationOperationBuilder.forClass(JamesComponent.class).init(() -> initialised.add("component configured"));
        }
    }

    @Test
    void aComponentReplacedByASubclassIsConfiguredBeforeTheSpoolerThatUsesItStarts() {
        Composition composition = new Composition();

        initialise(Modules.combine(new StartablesModule(), new SubclassStartables(), composition));

        assertThat(composition.initialised).containsExactly("component configured", "spooler started");
    }

    @Test
    void withoutItJamesConfiguresTheSubclassedComponentLast() {
        Composition composition = new Composition();

        initialise(Modules.combine(new StartablesModule(), composition));

        assertThat(composition.initialised).containsExactly("spooler started", "component configured");
    }

    @Test
    void onlyConcreteStartableSuperclassesAreRecorded() {
        abstract class AbstractBase implements Startable {
        }
        class Concrete extends AbstractBase {
        }
        class Leaf extends Concrete {
        }

        assertThat(SubclassStartables.concreteStartableSuperclasses(Leaf.class)).containsExactly(Concrete.class);
        assertThat(SubclassStartables.concreteStartableSuperclasses(Concrete.class)).isEmpty();
    }

    private static void initialise(Module module) {
        Injector injector = Guice.createInjector(module);
        // as in the server: the component is first created through its interface, by one of its users
        injector.getInstance(ComponentApi.class);
        injector.getInstance(InitializationOperations.class).initModules();
    }
}
