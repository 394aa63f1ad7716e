// Package verify issues, sends and checks SMS verification codes (短信验证码)
// behind one small interface, Verifier, and protects them against guessing
// and SMS pumping.
package verify
