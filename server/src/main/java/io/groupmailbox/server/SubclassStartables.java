package io.groupmailbox.server;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.utils.Startables;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.TypeLiteral;
import com.google.inject.matcher.AbstractMatcher;
import com.google.inject.spi.InjectionListener;
import com.google.inject.spi.TypeEncounter;
import com.google.inject.spi.TypeListener;

/**
 * Starts a James component replaced by a subclass of this project at the place James starts the component itself.
 *
 * <p>James runs an initialisation operation ({@code configure}, {@code init}) in the order its class was
 * instantiated only when the instantiated class is assignable to the operation's class; the operations of James's
 * {@code JamesMailetContext} or {@code JPARecipientRewriteTable}, whose instances here are subclasses
 * ({@code ServedDomainPostmaster}, {@code IdempotentRecipientRewriteTable}), ran last, after the mail spooler had
 * started. Mail waiting in the spool at start (after a crash) then met an unconfigured recipient rewrite table and
 * went to the error repository, and its bounce failed on a mailet context without a queue. Each concrete James
 * superclass of an instantiated {@link Startable} is recorded here right beside the subclass.
 */
public final class SubclassStartables extends AbstractModule {

    @Override
    protected void configure() {
        Provider<Startables> startables = getProvider(Startables.class);
        bindListener(new AbstractMatcher<TypeLiteral<?>>() {
            @Override
            public boolean matches(TypeLiteral<?> type) {
                return Startable.class.isAssignableFrom(type.getRawType());
            }
        }, new TypeListener() {
            @Override
            public <I> void hear(TypeLiteral<I> type, TypeEncounter<I> encounter) {
                List<Class<? extends Startable>> superclasses = concreteStartableSuperclasses(type.getRawType());
                if (!superclasses.isEmpty()) {
                    encounter.register((InjectionListener<I>) injected -> superclasses.forEach(startables.get()::add));
                }
            }
        });
    }

    static List<Class<? extends Startable>> concreteStartableSuperclasses(Class<?> type) {
        List<Class<? extends Startable>> superclasses = new ArrayList<>();
        for (Class<?> superclass = type.getSuperclass();
             superclass != null && Startable.class.isAssignableFrom(superclass);
             superclass = superclass.getSuperclass()) {
            if (!Modifier.isAbstract(superclass.getModifiers())) {
                superclasses.add(superclass.asSubclass(Startable.class));
            }
        }
        return superclasses;
    }
}
