package dev.pagerace.campaign;

import akka.remote.artery.tcp.ConfigSSLEngineProvider;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Akka's config-driven TLS engine (Artery tls-tcp, multi-host.conf) with
 * one addition: a peer whose handshake the node refuses (no certificate,
 * or one of a foreign CA or self-signed, or no TLS at all) is logged as a
 * warning on the node that refused it, with the certificate's subject when
 * the trust store saw one. Akka fails such a handshake silently on the
 * accepting side, so an operator saw no sign of a node that could not join,
 * or of a stranger knocking.
 */
public final class LoggingSslEngineProvider extends ConfigSSLEngineProvider {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingSslEngineProvider.class);

    public LoggingSslEngineProvider(akka.actor.ActorSystem system) {
        super(system);
    }

    /**
     * The accepting side's engine, wrapped: a handshake it fails is logged
     * once. Most refusals never reach the trust manager: a peer with a
     * foreign certificate finds none that the CertificateRequest's issuers
     * accept and sends an empty chain, and a plain-TCP peer sends no TLS at all.
     */
    @Override public SSLEngine createServerSSLEngine(String hostname, int port) {
        return new Refusals(super.createServerSSLEngine(hostname, port), LOG);
    }

    @Override public TrustManager[] trustManagers() {
        TrustManager[] managers = super.trustManagers();
        TrustManager[] out = new TrustManager[managers.length];
        for (int i = 0; i < managers.length; i++) {
            out[i] = managers[i] instanceof X509ExtendedTrustManager x ? new Logging(x, LOG) : managers[i];
        }
        return out;
    }

    /** An SSLEngine that delegates everything and logs the first SSLException of its handshake or records. */
    static final class Refusals extends SSLEngine {
        private final SSLEngine d;
        private final Logger log;
        private boolean logged;

        Refusals(SSLEngine d, Logger log) {
            super(d.getPeerHost(), d.getPeerPort());
            this.d = d;
            this.log = log;
        }

        private javax.net.ssl.SSLException refused(javax.net.ssl.SSLException e) {
            if (!logged) {
                logged = true;
                log.warn("rejected TLS peer: {}", e.getMessage());
            }
            return e;
        }

        @Override public javax.net.ssl.SSLEngineResult wrap(java.nio.ByteBuffer[] src, int off, int len, java.nio.ByteBuffer dst)
                throws javax.net.ssl.SSLException {
            try {
                return d.wrap(src, off, len, dst);
            } catch (javax.net.ssl.SSLException e) {
                throw refused(e);
            }
        }

        @Override public javax.net.ssl.SSLEngineResult unwrap(java.nio.ByteBuffer src, java.nio.ByteBuffer[] dst, int off, int len)
                throws javax.net.ssl.SSLException {
            try {
                return d.unwrap(src, dst, off, len);
            } catch (javax.net.ssl.SSLException e) {
                throw refused(e);
            }
        }

        @Override public Runnable getDelegatedTask() { return d.getDelegatedTask(); }
        @Override public void closeInbound() throws javax.net.ssl.SSLException { d.closeInbound(); }
        @Override public boolean isInboundDone() { return d.isInboundDone(); }
        @Override public void closeOutbound() { d.closeOutbound(); }
        @Override public boolean isOutboundDone() { return d.isOutboundDone(); }
        @Override public String[] getSupportedCipherSuites() { return d.getSupportedCipherSuites(); }
        @Override public String[] getEnabledCipherSuites() { return d.getEnabledCipherSuites(); }
        @Override public void setEnabledCipherSuites(String[] suites) { d.setEnabledCipherSuites(suites); }
        @Override public String[] getSupportedProtocols() { return d.getSupportedProtocols(); }
        @Override public String[] getEnabledProtocols() { return d.getEnabledProtocols(); }
        @Override public void setEnabledProtocols(String[] protocols) { d.setEnabledProtocols(protocols); }
        @Override public javax.net.ssl.SSLSession getSession() { return d.getSession(); }
        @Override public javax.net.ssl.SSLSession getHandshakeSession() { return d.getHandshakeSession(); }
        @Override public void beginHandshake() throws javax.net.ssl.SSLException {
            try {
                d.beginHandshake();
            } catch (javax.net.ssl.SSLException e) {
                throw refused(e);
            }
        }
        @Override public javax.net.ssl.SSLEngineResult.HandshakeStatus getHandshakeStatus() { return d.getHandshakeStatus(); }
        @Override public void setUseClientMode(boolean mode) { d.setUseClientMode(mode); }
        @Override public boolean getUseClientMode() { return d.getUseClientMode(); }
        @Override public void setNeedClientAuth(boolean need) { d.setNeedClientAuth(need); }
        @Override public boolean getNeedClientAuth() { return d.getNeedClientAuth(); }
        @Override public void setWantClientAuth(boolean want) { d.setWantClientAuth(want); }
        @Override public boolean getWantClientAuth() { return d.getWantClientAuth(); }
        @Override public void setEnableSessionCreation(boolean flag) { d.setEnableSessionCreation(flag); }
        @Override public boolean getEnableSessionCreation() { return d.getEnableSessionCreation(); }
        @Override public javax.net.ssl.SSLParameters getSSLParameters() { return d.getSSLParameters(); }
        @Override public void setSSLParameters(javax.net.ssl.SSLParameters params) { d.setSSLParameters(params); }
        @Override public String getApplicationProtocol() { return d.getApplicationProtocol(); }
        @Override public String getHandshakeApplicationProtocol() { return d.getHandshakeApplicationProtocol(); }
        @Override public void setHandshakeApplicationProtocolSelector(java.util.function.BiFunction<SSLEngine, java.util.List<String>, String> s) {
            d.setHandshakeApplicationProtocolSelector(s);
        }
        @Override public java.util.function.BiFunction<SSLEngine, java.util.List<String>, String> getHandshakeApplicationProtocolSelector() {
            return d.getHandshakeApplicationProtocolSelector();
        }
    }

    /** Delegates every check; a refused client (an inbound peer) or server is logged before the refusal goes on. */
    static final class Logging extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager d;
        private final Logger log;

        Logging(X509ExtendedTrustManager d, Logger log) {
            this.d = d;
            this.log = log;
        }

        private CertificateException rejected(String who, X509Certificate[] chain, String peer, CertificateException e) {
            String subject = chain == null || chain.length == 0 ? "no certificate" : chain[0].getSubjectX500Principal().getName()
                + " issued by " + chain[0].getIssuerX500Principal().getName();
            log.warn("rejected TLS {} {}: {} ({})", who, peer, subject, e.getMessage());
            return e;
        }

        private static String peer(SSLEngine engine) {
            return engine == null || engine.getPeerHost() == null ? "(address unknown)" : engine.getPeerHost() + ":" + engine.getPeerPort();
        }

        private static String peer(Socket socket) {
            return socket == null ? "(address unknown)" : String.valueOf(socket.getRemoteSocketAddress());
        }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                d.checkClientTrusted(chain, authType);
            } catch (CertificateException e) {
                throw rejected("peer", chain, "(address unknown)", e);
            }
        }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                d.checkClientTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw rejected("peer", chain, peer(engine), e);
            }
        }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            try {
                d.checkClientTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw rejected("peer", chain, peer(socket), e);
            }
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                d.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw rejected("node", chain, "(address unknown)", e);
            }
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                d.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw rejected("node", chain, peer(engine), e);
            }
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            try {
                d.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw rejected("node", chain, peer(socket), e);
            }
        }

        @Override public X509Certificate[] getAcceptedIssuers() { return d.getAcceptedIssuers(); }
    }
}
