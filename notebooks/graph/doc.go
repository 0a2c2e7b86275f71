// Command graph reports on a large sparse augmentation graph: a Matrix Market TPM (and
// an optional source law) or a sparse family, its pair statistics on the support of c1,
// the InfoNCE target T1, the SC-InfoNCE collapse region and the top-k spectrum of the
// normalised operator D^{-1/2} c1 D^{-1/2} (the spectral contrastive loss's optimum),
// with run time and peak memory. See README.md.
package main
