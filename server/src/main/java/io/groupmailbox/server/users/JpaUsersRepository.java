package io.groupmailbox.server.users;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.user.jpa.JPAUsersDAO;
import org.apache.james.user.lib.UsersRepositoryImpl;

/**
 * James's JPA users repository ({@code usersrepository.xml}: password hashing, virtual hosting, administrators),
 * with the existence of users remembered for a few seconds ({@link CachingUsersDAO}).
 */
public class JpaUsersRepository extends UsersRepositoryImpl<CachingUsersDAO> {

    private final JPAUsersDAO jpa;

    @Inject
    public JpaUsersRepository(DomainList domainList, EntityManagerFactory entityManagerFactory) {
        this(domainList, jpaUsersDAO(entityManagerFactory));
    }

    private JpaUsersRepository(DomainList domainList, JPAUsersDAO jpa) {
        super(domainList, new CachingUsersDAO(jpa));
        this.jpa = jpa;
    }

    private static JPAUsersDAO jpaUsersDAO(EntityManagerFactory entityManagerFactory) {
        JPAUsersDAO jpa = new JPAUsersDAO();
        jpa.setEntityManagerFactory(entityManagerFactory);
        jpa.init();
        return jpa;
    }

    @Override
    public void configure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        jpa.configure(configuration);
        super.configure(configuration);
    }
}
