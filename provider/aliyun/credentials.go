package aliyun

import (
	"sync"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
)

// lockedCredentials serializes calls to a credentials provider: the SDK's
// default chain remembers which provider answered, without a lock.
type lockedCredentials struct {
	mu sync.Mutex
	p  credentials.CredentialsProvider
}

// GetCredentials returns p's credentials.
func (l *lockedCredentials) GetCredentials() (*credentials.Credentials, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.p.GetCredentials()
}

// GetProviderName returns p's name.
func (l *lockedCredentials) GetProviderName() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.p.GetProviderName()
}

// callCredentials is the credentials provider of one pooled client (that
// the SDK's signer asks): it asks the shared provider and notes, for
// redaction, what signed the current call.
type callCredentials struct {
	shared credentials.CredentialsProvider
	client *pooledClient
}

// GetCredentials returns the shared provider's credentials.
func (p *callCredentials) GetCredentials() (*credentials.Credentials, error) {
	cc, err := p.shared.GetCredentials()
	if c := p.client.current; c != nil {
		if err != nil || cc == nil {
			c.credentialsFailed = true
		} else {
			c.keyID, c.secret, c.token = cc.AccessKeyId, cc.AccessKeySecret, cc.SecurityToken
		}
	}
	return cc, err
}

// GetProviderName returns the shared provider's name.
func (p *callCredentials) GetProviderName() string { return p.shared.GetProviderName() }

// hiddenCredentials is a credentials provider whose credentials sit behind
// func values. Reflection-based printers (fmt's %v, %+v and %#v of a Sender
// value or of a struct holding a Sender, slog, spew, go-cmp) print a func as
// an address and cannot call it, so no printing of a Sender reaches the
// AccessKey pair, whatever the static provider or the caller's provider
// keeps in its fields.
type hiddenCredentials struct {
	get  func() (*credentials.Credentials, error)
	name func() string
}

// GetCredentials returns the hidden provider's credentials.
func (h *hiddenCredentials) GetCredentials() (*credentials.Credentials, error) { return h.get() }

// GetProviderName returns the hidden provider's name.
func (h *hiddenCredentials) GetProviderName() string { return h.name() }

// hide puts p behind func values.
func hide(p credentials.CredentialsProvider) *hiddenCredentials {
	return &hiddenCredentials{get: p.GetCredentials, name: p.GetProviderName}
}

// newCredentials picks the credentials provider that o asks for, hidden.
func newCredentials(o Options) credentials.CredentialsProvider {
	switch {
	case o.AccessKeyID != "":
		return hide(credentials.NewStaticAKCredentialsProvider(o.AccessKeyID, o.AccessKeySecret))
	case o.Credentials != nil:
		return hide(&lockedCredentials{p: o.Credentials})
	}
	return hide(&lockedCredentials{p: credentials.NewDefaultCredentialsProvider()})
}

// describeCredentials says how a Sender built from o gets its credentials,
// without them: "AccessKey: set", "Credentials: NAME" or "Credentials:
// default chain".
func describeCredentials(o Options) string {
	switch {
	case o.AccessKeyID != "":
		return "AccessKey: set"
	case o.Credentials != nil:
		return "Credentials: " + o.Credentials.GetProviderName()
	}
	return "Credentials: default chain"
}
