// Package transfer emulates the far end of file transfers over SSH: scp's
// source and sink modes and rsync's server.
package transfer
