package aliyun

import (
	"strconv"
	"sync/atomic"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// callSecrets are the secrets of one call, not yet listed: the call's record
// (its credentials and signed URL; nil before a call), the recipient and the
// params. Listing them costs allocations, so an answer lists them only when
// it needs them: an error to check or redact what it quotes, or a
// successful send's ids of the right form (forIDs, which lists only what
// changes from call to call).
type callSecrets struct {
	c      *call
	to     sms.Phone
	params map[string]string
	// creds keeps the listed forms of the Sender's credentials; nil lists
	// them for this call alone.
	creds *credentialCache
}

// list returns the secrets, listed: the credentials, then the call's own
// (see secretsOf).
func (d callSecrets) list() secrets {
	creds := d.credentials()
	return d.own(append(make(secrets, 0, len(creds)+callSecretsSize), creds...))
}

// forIDs lists the secrets for checking the ids of an answer, the
// Sender's credentials as listed once for all its calls.
func (d callSecrets) forIDs() idCheck {
	return idCheck{creds: d.credentials(), own: d.own(make(secrets, 0, callSecretsSize))}
}

// idCheck is a call's secrets, listed in two parts: the Sender's
// credentials (shared, not to be changed) and the call's own.
type idCheck struct{ creds, own secrets }

// InID reports whether id shows something of the call, as
// redact.Secrets.InID with minDigits: the same answer as the whole list's.
func (c idCheck) InID(id string, minDigits int) bool {
	return redact.InID(id, minDigits, c.creds, c.own)
}

// credentials returns the listed forms of the call's credentials (none
// before a call); the result must not be appended to in place.
func (d callSecrets) credentials() secrets {
	if d.c == nil {
		return nil
	}
	if d.creds == nil {
		return credentialsOf(d.c)
	}
	return d.creds.of(d.c)
}

// own appends to s what changes from call to call: the request's signature,
// the recipient and the param values.
func (d callSecrets) own(s secrets) secrets {
	if d.c != nil && d.c.url != nil {
		s.AddCredential(queryValue(d.c.url.RawQuery, "Signature"))
	}
	if d.to.National != "" {
		// The digits of the E.164 form: what AddNumber keeps of it.
		s.AddNumber(strconv.Itoa(d.to.CountryCode) + d.to.National)
		s.AddNumber(d.to.National)
	}
	for _, v := range d.params {
		s.AddValue(v)
	}
	return s
}

// callSecretsSize is room for what changes from call to call: a signature
// in its forms, two numbers and a few params.
const callSecretsSize = 12

// credentialsOf lists the forms of the credentials that signed c.
func credentialsOf(c *call) secrets {
	s := make(secrets, 0, 8)
	s.AddCredential(c.keyID)
	s.AddCredential(c.secret)
	s.AddCredential(c.token)
	return s
}

// credentialCache keeps the listed forms of the credentials of a Sender's
// last call: they change only when the credentials do (a rotation, STS
// tokens), and listing them on every call cost allocations per send.
//
// The credentials sit behind a func value, as in hiddenCredentials, so that
// reflection-based printers (spew, go-cmp) that reach a Sender do not reach
// them.
type credentialCache struct {
	last atomic.Pointer[func() *listedCredentials]
}

// listedCredentials are credentials and their listed forms, immutable.
type listedCredentials struct {
	keyID, secret, token string
	list                 secrets
}

// of returns the listed forms of the credentials that signed c.
func (cc *credentialCache) of(c *call) secrets {
	if last := cc.last.Load(); last != nil {
		if l := (*last)(); l.keyID == c.keyID && l.secret == c.secret && l.token == c.token {
			return l.list
		}
	}
	l := &listedCredentials{keyID: c.keyID, secret: c.secret, token: c.token, list: credentialsOf(c)}
	get := func() *listedCredentials { return l }
	cc.last.Store(&get)
	return l.list
}
