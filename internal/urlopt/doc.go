// Package urlopt reads the parts of a sender URL that every provider's
// opener shares (sms.URLOpener): the query, with every parameter accounted
// for; the credentials in the userinfo; the endpoint in the host; and a
// templates file. A provider states its URL's Form (scheme, provider,
// userinfo names, whether the path belongs to the endpoint) and reads its
// own parameters after Form.Read; the groups several providers share
// (ReadTemplateParams, ReadHTTPParams) are read in one call, each in a
// fixed order, and Opener builds the registered sms.URLOpenerFunc.
//
// Its errors wrap sms.ErrInvalidOptions and name the provider and the
// parameter, never a value, the userinfo or the URL: those may hold
// secrets.
package urlopt
