// Package assets holds the files Redline embeds beyond its reference data:
// the fonts that exported PDF documents carry, so that Київ, Rzeszów and
// Bruxelles render on any machine without a font installed.
//
// The fonts are Noto Sans Regular and Bold, as Fyne ships them, under the
// SIL Open Font License 1.1 (fonts/OFL.txt).
package assets

import _ "embed"

// NotoSansRegular is the TrueType font of body text in exported PDFs.
//
//go:embed fonts/NotoSans-Regular.ttf
var NotoSansRegular []byte

// NotoSansBold is the TrueType font of headings and emphasis in exported PDFs.
//
//go:embed fonts/NotoSans-Bold.ttf
var NotoSansBold []byte
