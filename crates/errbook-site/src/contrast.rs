//! Colour contrast as WCAG 2 defines it, and the nudge that makes a colour readable: syntax
//! themes are written for their own background, and code is shown on the site's.

/// A colour as red, green and blue.
pub(super) type Rgb = [u8; 3];

/// The contrast WCAG AA asks of body text.
pub(super) const AA: f64 = 4.5;

/// WCAG's relative luminance.
fn luminance(c: Rgb) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
}

/// The contrast ratio of two colours, from 1 to 21.
pub(super) fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `colour` moved toward black or white (whichever is farther from the backgrounds) in small
/// steps until it reaches [`AA`] against every background; unchanged when it already does.
/// Hue is kept as far as the contrast allows.
pub(super) fn readable(colour: Rgb, backgrounds: &[Rgb]) -> Rgb {
    let dark_backgrounds =
        backgrounds.iter().map(|&b| luminance(b)).sum::<f64>() / (backgrounds.len().max(1) as f64) < 0.5;
    let target = if dark_backgrounds { 255.0 } else { 0.0 };
    let worst = |c: Rgb| backgrounds.iter().map(|&b| ratio(c, b)).fold(f64::INFINITY, f64::min);
    let mut c = colour;
    for step in 1..=20 {
        if worst(c) >= AA {
            break;
        }
        let t = f64::from(step) / 20.0;
        c = colour.map(|v| (f64::from(v) + (target - f64::from(v)) * t).round() as u8);
    }
    c
}

/// `#rrggbb` (or `#rgb`) as a colour.
pub(super) fn parse_hex(hex: &str) -> Option<Rgb> {
    let hex = hex.strip_prefix('#')?;
    let digits: Vec<u8> = match hex.len() {
        6 => (0..3).map(|i| u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).ok()).collect::<Option<_>>()?,
        3 => hex.chars().map(|c| c.to_digit(16).map(|d| (d * 17) as u8)).collect::<Option<_>>()?,
        _ => return None,
    };
    Some([digits[0], digits[1], digits[2]])
}

pub(super) fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_match_wcag() {
        assert!((ratio([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 0.01);
        assert!((ratio([0x77, 0x77, 0x77], [255, 255, 255]) - 4.48).abs() < 0.01);
    }

    #[test]
    fn faint_colours_are_moved_until_readable_and_readable_ones_kept() {
        let light = [[0xf6, 0xf8, 0xfa], [0xff, 0xf5, 0xf5]];
        let grey = parse_hex("#969896").unwrap();
        let fixed = readable(grey, &light);
        assert!(light.iter().all(|&b| ratio(fixed, b) >= AA), "{}", hex(fixed));
        assert!(fixed.iter().zip(grey).all(|(f, g)| *f <= g), "darkened: {}", hex(fixed));
        let dark = [[0x16, 0x1b, 0x22]];
        let slate = parse_hex("#65737e").unwrap();
        assert!(ratio(readable(slate, &dark), dark[0]) >= AA);
        let navy = parse_hex("#183691").unwrap();
        assert_eq!(readable(navy, &light), navy);
    }
}
