package senderkit

import (
	"maps"

	"github.com/smskit/sms"
)

// CloneMessage returns m with its own copy of Params, so that neither the
// caller nor a reader of a record can change what another sees.
func CloneMessage(m sms.Message) sms.Message {
	m.Params = maps.Clone(m.Params)
	return m
}
