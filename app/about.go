package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"redline/seeds"
)

// aboutBlurb says in one line what Redline is.
const aboutBlurb = "Redline plans a security guarantee for Ukraine: red lines, the responses " +
	"that answer them and the contributions behind them, checked against the sources below."

// version is the app's version from its metadata; "dev" for a build
// without one (go run, tests).
func version() string {
	if a := fyne.CurrentApp(); a != nil {
		if v := a.Metadata().Version; v != "" {
			return v
		}
	}
	return "dev"
}

// aboutContent is the About box: name, version, what Redline is, and the
// source documents its rules and data rest on.
func aboutContent() fyne.CanvasObject {
	items := []fyne.CanvasObject{
		widget.NewLabelWithStyle("Redline "+version(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrappedLabel(aboutBlurb),
		widget.NewSeparator(),
		widget.NewLabelWithStyle("Sources", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
	}
	sources, err := seeds.Sources()
	if err != nil {
		// The sources are embedded; failing to read them is a build fault,
		// but the rest of the box is still worth showing.
		items = append(items, wrappedLabel("The list of sources cannot be read: "+err.Error()))
	}
	for _, s := range sources {
		items = append(items, wrappedLabel(fmt.Sprintf("%s\n%s", s.Title, s.File)))
	}
	return container.NewVScroll(container.NewVBox(items...))
}

func (u *UI) showAbout() {
	d := dialog.NewCustom("About Redline", "Close", aboutContent(), u.win)
	d.Resize(fyne.NewSize(560, 480))
	u.showDialog(d, dialogKeys{escape: d.Hide, enter: d.Hide})
}
