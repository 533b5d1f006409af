//! Small hand-written pages through the whole HTML mode.

use super::segment;
use crate::{SegmentConfig, Segmenter};
use corpus_core::Label;

fn run(html: &str) -> crate::Segmented {
    let seg = Segmenter::new(SegmentConfig::default()).unwrap();
    segment(html, seg.text_rules(), None)
}

const PAGE: &str = r##"<!doctype html>
<html><head>
<title>Port expands - Daily Harbour</title>
<meta property="og:title" content="Port expands container terminal">
<meta name="description" content="The port opened a new terminal on Monday.">
</head>
<body>
<header class="site-header"><a href="/">Daily Harbour</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
</header>
<div class="breadcrumb"><a href="/">Home</a> › <a href="/news">News</a></div>
<article>
<h1>Port expands container terminal</h1>
<p class="byline">By Mai Linh</p>
<p>The port opened a new terminal on Monday,
doubling its capacity.</p>
<figure><img src="a.jpg"><figcaption>Cranes at the new quay. Photo: Tran Binh</figcaption></figure>
<h2>Traffic grows</h2>
<p>Container traffic rose 12% last year, the operator said.</p>
<p><a href="/x">Read: Shipping lines add routes to Europe</a></p>
<div class="share-bar"><a href="#">Facebook</a> <a href="#">Twitter</a></div>
<script>track();</script>
</article>
<aside class="sidebar">
<h3>Most read</h3>
<ul>
<li><a href="/a">Rail link opens to the port</a><span>08:00 | 26/11/2023 Transport</span></li>
<li><a href="/b">Fish prices fall</a> <time datetime="2023-11-25T09:30:00+07:00">25/11</time></li>
</ul>
</aside>
<footer><p>© 2024 Daily Harbour. All rights reserved.</p></footer>
</body></html>"##;

#[test]
fn a_news_page() {
    let out = run(PAGE);
    assert_eq!(
        out.title.as_deref(),
        Some("Port expands container terminal")
    );
    assert_eq!(
        out.body,
        [
            // The byline's class gives it away; subheadings stay in the body.
            "The port opened a new terminal on Monday, doubling its capacity.",
            "Traffic grows",
            "Container traffic rose 12% last year, the operator said.",
        ]
    );
    assert_eq!(out.captions.len(), 1);
    assert_eq!(out.captions[0].text, "Cranes at the new quay.");
    assert_eq!(out.captions[0].credit.as_deref(), Some("Tran Binh"));
    assert_eq!(out.related, ["Read: Shipping lines add routes to Europe"]);

    assert_eq!(out.sidebar.len(), 2);
    assert_eq!(out.sidebar[0].section, "Most read");
    assert_eq!(out.sidebar[0].headline, "Rail link opens to the port");
    assert_eq!(
        out.sidebar[0]
            .published_at
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2023-11-26T08:00:00+07:00")
    );
    assert_eq!(out.sidebar[0].category.as_deref(), Some("Transport"));
    assert_eq!(out.sidebar[1].position, 2);
    assert_eq!(
        out.sidebar[1]
            .published_at
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2023-11-25T09:30:00+07:00")
    );

    let label_of = |text: &str| {
        out.blocks
            .iter()
            .find(|b| b.text.starts_with(text))
            .map(|b| (b.label, b.rule.as_str()))
    };
    assert_eq!(
        label_of("Port expands"),
        Some((Label::Title, "html_title_heading"))
    );
    assert_eq!(
        label_of("Traffic grows"),
        Some((Label::Heading, "html_heading"))
    );
    assert_eq!(
        label_of("News"),
        Some((Label::Boilerplate, "html_furniture"))
    );
    assert_eq!(
        label_of("Home"),
        Some((Label::Boilerplate, "html_furniture"))
    );
    assert_eq!(
        label_of("Facebook"),
        Some((Label::Boilerplate, "html_furniture"))
    );
    assert_eq!(
        label_of("Most read"),
        Some((Label::SidebarHeading, "html_list_heading"))
    );
    assert_eq!(label_of("©"), Some((Label::Boilerplate, "html_furniture")));
    assert!(out.blocks.iter().all(|b| !b.text.contains("track()")));
}

#[test]
fn blocks_point_at_their_source_lines() {
    let out = run(PAGE);
    let lines: Vec<&str> = PAGE.lines().collect();
    for b in &out.blocks {
        assert!(b.line_start >= 1 && b.line_start <= b.line_end, "{b:?}");
        assert!(b.line_end as usize <= lines.len());
    }
    let para = out
        .blocks
        .iter()
        .find(|b| b.text.starts_with("The port opened"))
        .unwrap();
    assert_eq!(
        lines[para.line_start as usize - 1],
        "<p>The port opened a new terminal on Monday,"
    );
    assert_eq!(para.line_end, para.line_start + 1);
}

#[test]
fn title_falls_back_to_h1_then_title_element() {
    let out = run(
        "<html><head><title>Site | Page</title></head><body><h1>Real headline</h1><p>Some text here.</p></body></html>",
    );
    assert_eq!(out.title.as_deref(), Some("Real headline"));
    let out = run(
        "<html><head><title> Only  title </title></head><body><p>Some text here.</p></body></html>",
    );
    assert_eq!(out.title.as_deref(), Some("Only title"));
    assert_eq!(out.body, ["Some text here."]);
}

#[test]
fn menus_outside_the_main_container_are_boilerplate() {
    let out = run(
        "<body><ul><li><a href=/a>Politics</a></li><li><a href=/b>Business</a></li></ul>\
         <div><p>The council approved the budget on Friday.</p><p>Advertisement</p></div></body>",
    );
    let labels: Vec<_> = out.blocks.iter().map(|b| b.rule.as_str()).collect();
    assert_eq!(
        labels,
        [
            "html_outside_main",
            "html_outside_main",
            "html_paragraph",
            "html_short_fragment"
        ]
    );
}

#[test]
fn sidebar_items_without_heading_take_the_hint_word() {
    let out = run("<body><article><p>Body text of the story.</p></article>\
         <div class=\"related-posts\"><ul><li><a href=/a>Another story here</a></li></ul></div></body>");
    assert_eq!(out.sidebar.len(), 1);
    assert_eq!(
        (out.sidebar[0].section.as_str(), out.sidebar[0].position),
        ("related", 1)
    );
}

#[test]
fn empty_and_broken_pages() {
    for page in [
        "",
        "<",
        "<html><body></body>",
        "<p>unclosed <b>tags",
        "plain text, no tags",
    ] {
        let out = run(page);
        for b in &out.blocks {
            assert!(b.line_start >= 1);
        }
    }
    assert_eq!(run("plain text, no tags").body, ["plain text, no tags"]);
}

#[test]
fn the_main_container_is_where_the_prose_is() {
    // No <article>; a teaser box full of links beside the story, and a
    // class hint ("share") on the box around the whole story.
    let prose = "The council approved the new harbour budget on Friday, after a long debate.";
    let out = run(&format!(
        "<body><div class=\"teasers\"><p><a href=/a>Another story with a long linked headline</a></p>\
         <p><a href=/b>Yet another story with a long linked headline</a></p></div>\
         <div class=\"entry share\"><p>{prose}</p><p>{prose}</p><p>{prose}</p><p>{prose}</p>\
         <h3>Other stories</h3><ul><li><a href=/c>Link one</a></li></ul></div></body>"
    ));
    assert_eq!(out.body, [prose; 4]);
    let rule_of = |text: &str| {
        out.blocks
            .iter()
            .find(|b| b.text.starts_with(text))
            .map(|b| b.rule.as_str())
    };
    assert_eq!(rule_of("Another story"), Some("html_outside_main"));
    assert_eq!(rule_of("Other stories"), Some("html_heading_without_text"));
}

#[test]
fn a_lead_beside_the_main_container_joins_it() {
    let prose = "The council approved the new harbour budget on Friday, after a long debate.";
    let out = run(&format!(
        "<body><div><div class=\"lead\"><p>Councillors met for six hours before the vote was taken.</p></div>\
         <div class=\"text\"><p>{prose}</p><p>{prose}</p></div>\
         <div><a href=/a>Weather</a> <a href=/b>Traffic</a> <a href=/c>Events</a></div></div></body>"
    ));
    assert_eq!(out.body.len(), 3);
    assert!(out.body[0].starts_with("Councillors"));
    assert_eq!(out.blocks.last().map(|b| b.label), Some(Label::Boilerplate));
}

#[test]
fn caption_and_rating_boxes_stay_out_and_commentary_stays_in() {
    let prose = "The council approved the new harbour budget on Friday, after a long debate.";
    let out = run(&format!(
        "<body><article><div class=\"article commentary\"><p>{prose}</p><p>{prose}</p></div>\
         <div class=\"wp-caption\"><img src=a.jpg><p class=\"wp-caption-text\">The harbour at dawn, seen from the old lighthouse.</p></div>\
         <div class=\"post-rating\"><p>Was this article helpful to you today?</p></div>\
         <div class=\"author-bio\"><p>Lan writes about ports and shipping for the paper.</p></div></article></body>"
    ));
    assert_eq!(out.body, [prose; 2]);
    assert_eq!(out.captions.len(), 1);
    assert!(out.captions[0].text.starts_with("The harbour at dawn"));
}

#[test]
fn prompts_credits_datelines_and_bare_labels_leave_the_body() {
    let prose = "The council approved the new harbour budget on Friday, after a long debate.";
    let out = run(&format!(
        "<body><article><p>Published: 04.05.2021</p><p>{prose}</p><p>Photo: Jane Doe</p>\
         <p>{prose}</p><p>Sign up for our newsletter!</p><p>More from the harbour:</p>\
         <ul><li><a href=/a>Cranes arrive at the new quay</a></li></ul></article></body>"
    ));
    assert_eq!(out.body, [prose; 2]);
    let rule_of = |text: &str| {
        out.blocks
            .iter()
            .find(|b| b.text.starts_with(text))
            .map(|b| b.rule.as_str())
    };
    assert_eq!(rule_of("Published"), Some("html_dateline"));
    assert_eq!(rule_of("Photo"), Some("html_credit_line"));
    assert_eq!(rule_of("Sign up"), Some("html_prompt_phrase"));
    assert_eq!(rule_of("More from"), Some("html_label_without_text"));
}

#[test]
fn prose_widgets_in_the_content_and_a_header_left_open_stay_in() {
    let prose = "The council approved the new harbour budget on Friday, after a long debate.";
    let out = run(&format!(
        "<body><div class=\"entry-content\"><div class=\"builder-widget\"><p>{prose}</p><p>{prose}</p></div>\
         <div class=\"builder-widget\"><p>{prose}</p><p>{prose}</p></div></div>\
         <div class=\"sidebar-widget\"><p><a href=/a>Another story</a></p></div></body>"
    ));
    assert_eq!(out.body, [prose; 4]);
    // Broken markup: the site header is never closed and holds the story.
    let out = run(&format!(
        "<body><header><a href=/>Daily Harbour</a><div class=\"story\"><p>{prose}</p><p>{prose}</p>\
         <p>{prose}</p><p>{prose}</p></div></header></body>"
    ));
    assert_eq!(out.body, [prose; 4]);
}

#[test]
fn soft_hyphens_and_zero_width_spaces_are_removed() {
    let out = run(
        "<body><p>Wäh&shy;rend der Woche schlen\u{00AD}dern wir\u{200B} am Hafen entlang.</p></body>",
    );
    assert_eq!(
        out.body,
        ["Während der Woche schlendern wir am Hafen entlang."]
    );
}

#[test]
fn noscript_holds_an_article_or_a_notice() {
    // A blog that renders the post from a template script serves it in
    // `<noscript>` too: that copy is the article.
    let para = "The harbour master said the new quay would take the largest ships from spring, after dredging.";
    let page = format!(
        "<html><body><nav><a href='/'>Home</a></nav><div class='post'>\
         <script type='text/template'><p>{para}</p></script>\
         <noscript><p>{para}</p><p>{para}</p><p>{para}</p></noscript></div>\
         <div class='footer'>Copyright</div></body></html>"
    );
    assert_eq!(run(&page).body, [para, para, para]);
    // A small notice for readers without JavaScript is not.
    let page = format!(
        "<html><body><article><p>{para}</p><p>{para}</p>\
         <noscript><p>Please enable JavaScript to view the comments powered by a widget.</p></noscript>\
         </article></body></html>"
    );
    assert_eq!(run(&page).body, [para, para]);
}

#[test]
fn class_words_are_split_at_camel_case_humps() {
    // `tagStyle` is a style name, not a tag list.
    let para = "The harbour master said the new quay would take the largest ships from spring, after dredging.";
    let page = format!(
        "<html><body><main><p class='tagStyle_x1'>{para}</p><p class='tagStyle_x1'>{para}</p>\
         <div class='postTags'><a href='/t'>port</a></div></main></body></html>"
    );
    let out = run(&page);
    assert_eq!(out.body, [para, para]);
}

#[test]
fn a_closing_appeal_to_follow_is_not_article_text() {
    let para = "The harbour master said the new quay would take the largest ships from spring, after dredging.";
    let page = format!(
        "<html><body><article><p>{para}</p><p>{para}</p>\
         <p>For the latest news download our app for iOS and Android.</p></article></body></html>"
    );
    let out = run(&page);
    assert_eq!(out.body, [para, para]);
    assert!(
        out.blocks
            .iter()
            .any(|b| b.rule == "html_tail_prompt" && b.label == Label::Boilerplate)
    );
}

#[test]
fn a_consent_pop_up_is_never_the_article() {
    // The consent manager's text outweighs a short article; its class says
    // what it is.
    let para = "The harbour master said the new quay would take the largest ships from spring, after dredging.";
    let consent = "This site uses cookies and similar technologies to measure reach and to show content from third parties, which you can allow or refuse here.";
    let popup: String = (0..6).map(|_| format!("<p>{consent}</p>")).collect();
    let page = format!(
        "<html><body><article><p>{para}</p><p>{para}</p></article>\
         <div class='privacy-popup'>{popup}</div></body></html>"
    );
    assert_eq!(run(&page).body, [para, para]);
}

#[test]
fn a_standfirst_between_headline_and_text_is_body() {
    let para = "The harbour master said the new quay would take the largest ships from spring, after dredging.";
    let lead = "Ships of every size will berth at the new quay from next spring, a year ahead of plan and well under budget";
    // The menu weighs against the page as a whole, so the main container
    // is the story's box and the lead is outside it.
    let menu: String = (0..12)
        .map(|n| format!("<a href='/s{n}'>Section number {n}</a> "))
        .collect();
    let page = format!(
        "<html><body><nav>{menu}</nav>\
         <div class='head'><h1>New quay opens</h1><div class='lead'><p>{lead}</p></div></div>\
         <div class='story'><p>{para}</p><p>{para}</p><p>{para}</p></div>\
         </body></html>"
    );
    let out = run(&page);
    assert_eq!(out.body, [lead, para, para, para]);
    assert!(out.blocks.iter().any(|b| b.rule == "html_lead"));
}

#[test]
fn an_article_declared_in_json_ld_replaces_a_teaser() {
    let para = "The harbour master said the new quay would take the largest ships from spring, after dredging.";
    let declared: Vec<String> = (0..8).map(|n| format!("{para} ({n})")).collect();
    let json = serde_json::json!({
        "@context": "https://schema.org",
        "@graph": [{"@type": "NewsArticle", "headline": "New quay", "articleBody": declared.join("\n")}]
    });
    let page = format!(
        "<html><head><script type='application/ld+json'>{json}</script></head><body>\
         <article><h1>New quay</h1><p>A short teaser of the article that the site's script expands.</p>\
         <a href='#'>READ FULL ARTICLE</a></article></body></html>"
    );
    let out = run(&page);
    assert_eq!(out.body, declared);
    assert!(
        out.blocks
            .iter()
            .any(|b| b.rule == "html_superseded_by_json_ld")
    );

    // A full article in the markup keeps its own text.
    let page = format!(
        "<html><head><script type='application/ld+json'>{{\"articleBody\": \"{para}\"}}</script></head>\
         <body><article><p>{para}</p><p>{para}</p></article></body></html>"
    );
    assert_eq!(run(&page).body, [para, para]);
}

mod single_spaced {
    use super::super::single_spaced;

    /// The plain definition: drop the invisible characters, then join the
    /// words with single spaces.
    fn slow(text: &str) -> String {
        let visible: String = text
            .chars()
            .filter(|c| !matches!(c, '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}'))
            .collect();
        visible.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn joins_words_and_drops_what_a_reader_never_sees() {
        assert_eq!(
            single_spaced("\n  Giá\u{a0}vàng \t tăng\u{200b} \r\n mạnh\u{3000}"),
            "Giá vàng tăng mạnh"
        );
        assert_eq!(
            single_spaced("co\u{ad}op\u{2060}er\u{feff}ate"),
            "cooperate"
        );
        assert_eq!(single_spaced(" \u{200b} "), "");
        assert_eq!(single_spaced("a \u{200b} b"), "a b");
    }

    #[test]
    fn clean_text_is_copied_and_near_misses_are_not() {
        for clean in ["Việt Nam xuất khẩu", "Port expands", "", "x"] {
            assert_eq!(single_spaced(clean), clean);
        }
        for (text, spaced) in [
            (" Port", "Port"),
            ("Port ", "Port"),
            ("Port  expands", "Port expands"),
            ("Port\u{1680}expands", "Port expands"),
            ("Việt\u{a0}Nam", "Việt Nam"),
            ("Việt\u{feff}Nam", "ViệtNam"),
        ] {
            assert_eq!(single_spaced(text), spaced, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_plain_definition(
            text in "(\\PC|\\s|\u{a0}|\u{ad}|\u{200b}|\u{2060}|\u{feff}|\u{3000}|\u{200d}){0,64}"
        ) {
            proptest::prop_assert_eq!(single_spaced(&text), slow(&text));
        }
    }
}
