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

// callCredentials is the credentials provider of one pooled SDK client: it
// asks the shared provider and notes, for redaction, what signed the current
// call.
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

// newCredentials picks the credentials provider that o asks for.
func newCredentials(o Options) credentials.CredentialsProvider {
	switch {
	case o.AccessKeyID != "":
		return credentials.NewStaticAKCredentialsProvider(o.AccessKeyID, o.AccessKeySecret)
	case o.Credentials != nil:
		return &lockedCredentials{p: o.Credentials}
	}
	return &lockedCredentials{p: credentials.NewDefaultCredentialsProvider()}
}
