// Package urlopt reads the parts of a sender URL that every provider's
// opener shares (sms.URLOpener): the query, with every parameter accounted
// for; the credentials in the userinfo; the endpoint in the host; and a
// templates file.
//
// Its errors wrap sms.ErrInvalidOptions and name the provider and the
// parameter, never a value, the userinfo or the URL: those may hold
// secrets.
package urlopt
