// A Java 17 TLS client as applications write one: the default PKIX TrustManager over a
// PKCS#12 trust store, HTTPS endpoint identification, SNI as JSSE makes it from the host
// (no trailing dot, none for an IP address). Exit 0 when the handshake verifies.
//   java TlsClient.java TRUSTSTORE.p12 PORT HOSTNAME   (connects to 127.0.0.1:PORT)
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

public class TlsClient {
  public static void main(String[] args) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(args[0])) {
      trust.load(in, "changeit".toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 5000);
    plain.setSoTimeout(5000);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, args[2], Integer.parseInt(args[1]), true)) {
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(p);
      s.startHandshake();
    } catch (Exception e) {
      System.err.println(e);
      System.exit(1);
    }
  }
}
