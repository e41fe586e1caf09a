package io.groupmailbox.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The sockets a configuration asks for, read before James starts, so that a port already taken is reported
 * in one clear line naming the file, instead of a stack trace after half the server has started.
 */
record ListenAddresses(List<Listener> listeners) {

    record Listener(String name, String file, String host, int port) {
        InetSocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public String toString() {
            return name + " on " + host + ":" + port + " (" + file + ")";
        }
    }

    static ListenAddresses read(Path confDirectory) {
        List<Listener> listeners = new ArrayList<>();
        listeners.addAll(xmlListeners(confDirectory, "smtpserver.xml", "smtpserver"));
        listeners.addAll(xmlListeners(confDirectory, "imapserver.xml", "imapserver"));
        webAdmin(confDirectory).ifPresent(listeners::add);
        return new ListenAddresses(List.copyOf(listeners));
    }

    /** The listeners whose port cannot be bound now. */
    List<Listener> unavailable() {
        List<Listener> taken = new ArrayList<>();
        for (Listener listener : listeners) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(listener.socketAddress());
            } catch (IOException e) {
                taken.add(listener);
            }
        }
        return taken;
    }

    private static List<Listener> xmlListeners(Path confDirectory, String fileName, String element) {
        Path file = confDirectory.resolve(fileName);
        if (!Files.exists(file)) {
            return List.of();
        }
        Document document = parse(file);
        NodeList servers = document.getElementsByTagName(element);
        List<Listener> listeners = new ArrayList<>();
        for (int i = 0; i < servers.getLength(); i++) {
            Element server = (Element) servers.item(i);
            if ("false".equalsIgnoreCase(server.getAttribute("enabled"))) {
                continue;
            }
            String name = childText(server, "jmxName").orElse(element + "#" + (i + 1));
            for (String bind : childText(server, "bind").orElse("").split(",")) {
                if (!bind.isBlank()) {
                    int colon = bind.lastIndexOf(':');
                    listeners.add(new Listener(name, fileName, bind.substring(0, colon).trim(),
                        Integer.parseInt(bind.substring(colon + 1).trim())));
                }
            }
        }
        return listeners;
    }

    private static Optional<Listener> webAdmin(Path confDirectory) {
        Path file = confDirectory.resolve("webadmin.properties");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Boolean.parseBoolean(properties.getProperty("enabled", "false"))) {
            return Optional.empty();
        }
        return Optional.of(new Listener("webadmin", "webadmin.properties",
            properties.getProperty("host", "localhost").trim(),
            Integer.parseInt(properties.getProperty("port", "8000").trim())));
    }

    private static Optional<String> childText(Element parent, String name) {
        NodeList children = parent.getElementsByTagName(name);
        return children.getLength() == 0 ? Optional.empty() : Optional.of(children.item(0).getTextContent().trim());
    }

    private static Document parse(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (SAXParseException e) {
            throw new InvalidConfigurationException(file + ", line " + e.getLineNumber() + ": " + e.getMessage(), e);
        } catch (SAXException e) {
            throw new InvalidConfigurationException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
