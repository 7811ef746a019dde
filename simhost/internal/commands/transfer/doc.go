// Package transfer emulates the far end of file transfers over SSH: scp's
// source and sink modes (scp -f, scp -t) and rsync's server (rsync --server,
// through rsyncd).
package transfer
