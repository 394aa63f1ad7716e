// Package apierr holds the mechanism the HTTP providers (aliyun, alidayu,
// tencent) share to report an error answer: how an APIError is printed
// (Format), how a code is looked up in a provider's table of classes
// (Classify), how a class becomes an *sms.Error (Class.Error), and the
// window of a per-number limit an Aliyun-family message names
// (LimitWindow). The tables of codes and classes are each provider's own.
//
// It quotes only what its callers hand it: they pass fields the redaction
// rule has let through (internal/redact), never a raw answer.
//
// It is internal: its API may change with the packages that use it.
package apierr
