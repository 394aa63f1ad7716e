// Package senderkit holds what the in-memory senders, package fake and
// package dryrun, share: their configuration defaults and the sms.Validator
// built from a provider's Rules and the declared templates (Config, Base),
// their deterministic ids (IDs), the shards that keep apart what sends on
// different cores write (Shards), message copies (CloneMessage) and
// messages as records keep them, with their params inline (Keep, Kept),
// number matching (E164), and how they name themselves on errors (Own,
// Adopt, CheckContext), always through sms.WithProvider.
//
// It is internal: its API may change with the two packages that use it.
package senderkit
