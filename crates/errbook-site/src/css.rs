//! The few CSS values a diagram may carry (colours, lengths, opacities, dash patterns), each
//! parsed by its grammar rather than matched loosely: a value that passes here is only that
//! value, so nothing else can ride along into a page. Used for a mermaid block's `style`,
//! `classDef` and `linkStyle` declarations and for the SVG the renderer writes ([`super::svg`]).

/// What a presentation property accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A colour, `none`, or `url(#id)` of the same drawing (fill, stroke).
    Paint,
    /// A colour only (`color`, `stop-color`).
    Colour,
    Length,
    /// Lengths separated by commas or spaces, or `none`.
    Dashes,
    /// A number, or a percentage.
    Opacity,
    /// A keyword (`middle`, `round`, `bold`) or a number (`font-weight: 600`).
    Keyword,
    /// `url(#id)` of the same drawing, or `none` (markers).
    Reference,
    /// Family names, quoted or not, separated by commas.
    Fonts,
}

/// The CSS properties that SVG also takes as attributes, with what each accepts.
pub(crate) fn presentation(property: &str) -> Option<Kind> {
    Some(match property {
        "fill" | "stroke" => Kind::Paint,
        "color" | "stop-color" => Kind::Colour,
        "stroke-width" | "font-size" => Kind::Length,
        "stroke-dasharray" => Kind::Dashes,
        "opacity" | "fill-opacity" | "stroke-opacity" | "stop-opacity" => Kind::Opacity,
        "stroke-linecap" | "stroke-linejoin" | "font-weight" | "font-style" | "text-anchor" | "dominant-baseline"
        | "alignment-baseline" | "fill-rule" | "clip-rule" | "visibility" => Kind::Keyword,
        "marker-start" | "marker-mid" | "marker-end" => Kind::Reference,
        "font-family" => Kind::Fonts,
        _ => return None,
    })
}

/// Whether `value` is a valid value of that kind.
pub(crate) fn valid(kind: Kind, value: &str) -> bool {
    let value = value.trim();
    match kind {
        Kind::Paint => value == "none" || is_colour(value) || is_reference(value),
        Kind::Colour => is_colour(value),
        Kind::Length => is_length(value),
        Kind::Dashes => value == "none" || is_length_list(value),
        Kind::Opacity => is_number(value) || value.strip_suffix('%').is_some_and(is_number),
        Kind::Keyword => is_keyword(value) || is_number(value),
        Kind::Reference => value == "none" || is_reference(value),
        Kind::Fonts => is_font_list(value),
    }
}

/// `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, a named colour, `transparent`, `currentColor`, or
/// `rgb()`, `rgba()`, `hsl()`, `hsla()` of numbers and percentages.
pub(crate) fn is_colour(value: &str) -> bool {
    if let Some(hex) = value.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    let lower = value.to_ascii_lowercase();
    if NAMED.binary_search(&lower.as_str()).is_ok() || lower == "transparent" || lower == "currentcolor" {
        return true;
    }
    for function in ["rgb(", "rgba(", "hsl(", "hsla("] {
        if let Some(args) = lower.strip_prefix(function).and_then(|rest| rest.strip_suffix(')')) {
            let args: Vec<&str> = args.split([',', ' ', '/']).map(str::trim).filter(|a| !a.is_empty()).collect();
            return (3..=4).contains(&args.len())
                && args.iter().all(|a| {
                    let a = a.strip_suffix('%').or_else(|| a.strip_suffix("deg")).unwrap_or(a);
                    is_number(a)
                });
        }
    }
    false
}

/// A number with an optional unit: `2`, `1.5px`, `0.8em`, `50%`.
pub(crate) fn is_length(value: &str) -> bool {
    const UNITS: [&str; 9] = ["px", "em", "rem", "ex", "pt", "pc", "cm", "mm", "in"];
    let number = UNITS.iter().find_map(|u| value.strip_suffix(u)).or_else(|| value.strip_suffix('%')).unwrap_or(value);
    is_number(number)
}

/// Lengths separated by commas and/or white space (`5 5`, `3px,2px`, and SVG's `x` lists).
pub(crate) fn is_length_list(value: &str) -> bool {
    let mut parts = value.split([',', ' ', '\t', '\n', '\r']).filter(|p| !p.is_empty()).peekable();
    parts.peek().is_some() && parts.all(is_length)
}

/// A decimal number as CSS and SVG write it: `-1`, `.5`, `2.`, `1e-3`.
pub(crate) fn is_number(value: &str) -> bool {
    let s = value.strip_prefix(['+', '-']).unwrap_or(value);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(at) => (&s[..at], Some(&s[at + 1..])),
        None => (s, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// A CSS keyword: letters and inner hyphens.
fn is_keyword(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 32
        && value.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
        && !value.starts_with('-')
}

/// `url(#id)`: a reference to an element of the same drawing, never a request.
fn is_reference(value: &str) -> bool {
    value
        .strip_prefix("url(#")
        .and_then(|rest| rest.strip_suffix(')'))
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b)))
}

/// Font family names: words of letters, digits, spaces, `-` and `_`, each quoted or not.
fn is_font_list(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 256
        && value.split(',').all(|family| {
            let family = family.trim();
            let inner = family
                .strip_prefix('"')
                .and_then(|f| f.strip_suffix('"'))
                .or_else(|| family.strip_prefix('\'').and_then(|f| f.strip_suffix('\'')))
                .unwrap_or(family);
            !inner.is_empty() && inner.chars().all(|c| c.is_alphanumeric() || " -_".contains(c))
        })
}

/// CSS's named colours, sorted for a binary search.
const NAMED: [&str; 148] = [
    "aliceblue",
    "antiquewhite",
    "aqua",
    "aquamarine",
    "azure",
    "beige",
    "bisque",
    "black",
    "blanchedalmond",
    "blue",
    "blueviolet",
    "brown",
    "burlywood",
    "cadetblue",
    "chartreuse",
    "chocolate",
    "coral",
    "cornflowerblue",
    "cornsilk",
    "crimson",
    "cyan",
    "darkblue",
    "darkcyan",
    "darkgoldenrod",
    "darkgray",
    "darkgreen",
    "darkgrey",
    "darkkhaki",
    "darkmagenta",
    "darkolivegreen",
    "darkorange",
    "darkorchid",
    "darkred",
    "darksalmon",
    "darkseagreen",
    "darkslateblue",
    "darkslategray",
    "darkslategrey",
    "darkturquoise",
    "darkviolet",
    "deeppink",
    "deepskyblue",
    "dimgray",
    "dimgrey",
    "dodgerblue",
    "firebrick",
    "floralwhite",
    "forestgreen",
    "fuchsia",
    "gainsboro",
    "ghostwhite",
    "gold",
    "goldenrod",
    "gray",
    "green",
    "greenyellow",
    "grey",
    "honeydew",
    "hotpink",
    "indianred",
    "indigo",
    "ivory",
    "khaki",
    "lavender",
    "lavenderblush",
    "lawngreen",
    "lemonchiffon",
    "lightblue",
    "lightcoral",
    "lightcyan",
    "lightgoldenrodyellow",
    "lightgray",
    "lightgreen",
    "lightgrey",
    "lightpink",
    "lightsalmon",
    "lightseagreen",
    "lightskyblue",
    "lightslategray",
    "lightslategrey",
    "lightsteelblue",
    "lightyellow",
    "lime",
    "limegreen",
    "linen",
    "magenta",
    "maroon",
    "mediumaquamarine",
    "mediumblue",
    "mediumorchid",
    "mediumpurple",
    "mediumseagreen",
    "mediumslateblue",
    "mediumspringgreen",
    "mediumturquoise",
    "mediumvioletred",
    "midnightblue",
    "mintcream",
    "mistyrose",
    "moccasin",
    "navajowhite",
    "navy",
    "oldlace",
    "olive",
    "olivedrab",
    "orange",
    "orangered",
    "orchid",
    "palegoldenrod",
    "palegreen",
    "paleturquoise",
    "palevioletred",
    "papayawhip",
    "peachpuff",
    "peru",
    "pink",
    "plum",
    "powderblue",
    "purple",
    "rebeccapurple",
    "red",
    "rosybrown",
    "royalblue",
    "saddlebrown",
    "salmon",
    "sandybrown",
    "seagreen",
    "seashell",
    "sienna",
    "silver",
    "skyblue",
    "slateblue",
    "slategray",
    "slategrey",
    "snow",
    "springgreen",
    "steelblue",
    "tan",
    "teal",
    "thistle",
    "tomato",
    "turquoise",
    "violet",
    "wheat",
    "white",
    "whitesmoke",
    "yellow",
    "yellowgreen",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_colours_are_sorted() {
        assert!(NAMED.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn colours_and_lengths_parse_and_nothing_else_does() {
        for ok in ["#fff", "#F9F9", "#a1b2c3", "#a1b2c3d4", "red", "RebeccaPurple", "rgb(1 2 3)", "hsl(120deg 50% 50%)"]
        {
            assert!(is_colour(ok), "{ok}");
        }
        for bad in [
            "red\"/><img src=x onerror=alert(1)>",
            "#ggg",
            "#12345",
            "url(https://evil.test/x)",
            "expression(alert(1))",
            "red;fill:blue",
            "rgb(1,2,3);x",
            "",
        ] {
            assert!(!is_colour(bad), "{bad}");
        }
        for ok in ["2", "2px", "1.5em", "50%", ".5", "-1e3"] {
            assert!(is_length(ok), "{ok}");
        }
        for bad in ["2px\"", "px", "1..2", "e3", "1e", "calc(1px)", "4px onload"] {
            assert!(!is_length(bad), "{bad}");
        }
        assert!(valid(Kind::Dashes, "5 5") && valid(Kind::Dashes, "3px,2px") && !valid(Kind::Dashes, "5 x"));
        assert!(valid(Kind::Paint, "url(#arrow-1)") && !valid(Kind::Paint, "url(#a) red"));
        assert!(valid(Kind::Fonts, "\"trebuchet ms\", verdana, sans-serif") && !valid(Kind::Fonts, "a;b"));
    }
}
