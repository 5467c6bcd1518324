//! Ids for records and documents: lower-case words joined by `-`. Letters of any script are
//! kept, so Japanese titles get readable ids (`/ja/errors/デプロイに失敗する/`).

const MAX_CHARS: usize = 80;

pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(c.to_lowercase());
        } else {
            dash = true;
        }
        if slug.chars().count() >= MAX_CHARS {
            break;
        }
    }
    if slug.is_empty() { "entry".to_string() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs() {
        assert_eq!(slugify("\"failed to register task definition\""), "failed-to-register-task-definition");
        assert_eq!(slugify("HTTP 403: \"User [arn] is not authorized\""), "http-403-user-arn-is-not-authorized");
        assert_eq!(slugify("デプロイに失敗する"), "デプロイに失敗する");
        assert_eq!(slugify("EC2/ECS issues"), "ec2-ecs-issues");
        assert_eq!(slugify("!!!"), "entry");
    }
}
