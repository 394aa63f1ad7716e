package aliyun

import "github.com/smskit/sms"

// callSecrets are the secrets of one call, not yet listed: the call's record
// (its credentials and signed URL; nil before a call), the recipient and the
// params. Listing them (secretsOf) costs allocations, so an answer lists
// them only when it needs them: an error to check or redact what it
// quotes, or a successful send's ids of the right form.
type callSecrets struct {
	c      *call
	to     sms.Phone
	params map[string]string
}

// list returns the secrets, listed.
func (d callSecrets) list() secrets { return secretsOf(d.c, d.to, d.params) }
