package inbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHTTPSWithGeneratedCertificate(t *testing.T) {
	s, err := New(Config{Addr: "127.0.0.1:0", TLS: &TLS{}})
	require.NoError(t, err)
	require.NoError(t, s.Listen())
	go func() { _ = s.Serve() }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
	})
	require.True(t, strings.HasPrefix(s.URL(), "https://127.0.0.1:"), s.URL())
	cert := s.Certificate()
	require.NotNil(t, cert)

	_, err = http.Get(s.URL() + "/livez")
	require.Error(t, err, "an untrusted self-signed certificate is refused")

	pool := x509.NewCertPool()
	pool.AddCert(cert.Leaf)
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := c.Get(s.URL() + "/livez")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)

	bad, err := New(Config{Addr: "127.0.0.1:0", TLS: &TLS{CertFile: "missing.pem", KeyFile: "missing.key"}})
	require.NoError(t, err, "files are read when listening")
	assert.Error(t, bad.Listen())
	bad.Twilio().Close()
}
