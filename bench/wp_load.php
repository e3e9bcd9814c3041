<?php
// The WordPress side of the page benchmark: load our articles (JSON lines written by
// archive.py's articles_jsonl) into an installed WordPress as posts. CLI only:
//
//   WORDPRESS_CONFIG=thepost-pagebench php bench/wp_load.php ARTICLES.jsonl N
//
// Each article becomes a published post with our slug (permalinks /%postname%/), title,
// publish date, standfirst as the excerpt, section as the category, tags, and a body of
// our paragraphs and heading in block markup; its featured image is one of the site's
// images, in turn (ours have a featured picture each). Earlier posts are deleted first.
// A second run with the same file and count does nothing. Exit 3: WordPress is not
// installed yet.
if (PHP_SAPI !== 'cli' || count($argv) !== 3) {
    fwrite(STDERR, "usage: php wp_load.php ARTICLES.jsonl N\n");
    exit(1);
}
[, $jsonl, $n] = $argv;
$n = (int) $n;
$_SERVER['HTTP_HOST'] = $_SERVER['HTTP_HOST'] ?? '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
define('WP_IMPORTING', true);
require '/usr/share/wordpress/wp-load.php';
if (!is_blog_installed()) {
    fwrite(STDERR, "WordPress is not installed in this database\n");
    exit(3);
}

$in = fopen($jsonl, 'r');
$first = json_decode(fgets($in), true);
rewind($in);
$want = json_encode(['jsonl' => $jsonl, 'articles' => $n, 'first' => $first['slug']]);
if (get_option('thepost_bench_corpus') === $want) {
    echo "WordPress already holds these $n articles\n";
    exit(0);
}
delete_option('thepost_bench_corpus');
$t0 = microtime(true);
$old = get_posts(['numberposts' => -1, 'post_type' => 'post', 'post_status' => 'any', 'fields' => 'ids']);
foreach ($old as $id) {
    wp_delete_post($id, true);
}
$images = get_posts(['numberposts' => -1, 'post_type' => 'attachment', 'post_mime_type' => 'image',
    'orderby' => 'ID', 'order' => 'ASC', 'fields' => 'ids']);
wp_defer_term_counting(true);
wp_suspend_cache_invalidation(true);
$categories = [];
$loaded = 0;
while ($loaded < $n && ($line = fgets($in)) !== false) {
    $a = json_decode($line, true);
    $section = $a['section'];
    if (!isset($categories[$section['slug']])) {
        $term = term_exists($section['slug'], 'category')
            ?: wp_insert_term($section['name'], 'category', ['slug' => $section['slug']]);
        $categories[$section['slug']] = (int) $term['term_id'];
    }
    $blocks = array_map(
        fn ($p) => "<!-- wp:paragraph -->\n<p>" . esc_html($p) . "</p>\n<!-- /wp:paragraph -->",
        $a['paragraphs']
    );
    array_splice($blocks, $a['heading_at'], 0,
        ["<!-- wp:heading -->\n<h2>" . esc_html($a['heading']) . "</h2>\n<!-- /wp:heading -->"]);
    $date = gmdate('Y-m-d H:i:s', strtotime($a['published_at']));
    $id = wp_insert_post([
        'post_title' => $a['title'],
        'post_name' => $a['slug'],
        'post_excerpt' => $a['standfirst'],
        'post_content' => implode("\n\n", $blocks),
        'post_status' => 'publish',
        'post_date' => $date,
        'post_date_gmt' => $date,
        'post_category' => [$categories[$section['slug']]],
        'tags_input' => $a['tags'],
        'comment_status' => 'open',
        'post_author' => 1,
    ], true);
    if (is_wp_error($id)) {
        fwrite(STDERR, $a['slug'] . ': ' . $id->get_error_message() . "\n");
        exit(1);
    }
    if ($images) {
        set_post_thumbnail($id, $images[$loaded % count($images)]);
    }
    $loaded++;
    if ($loaded % 250 === 0) {
        printf("  %d/%d posts (%.0fs)\n", $loaded, $n, microtime(true) - $t0);
    }
}
wp_suspend_cache_invalidation(false);
wp_defer_term_counting(false);
if ($loaded < $n) {
    fwrite(STDERR, "only $loaded articles in $jsonl\n");
    exit(1);
}
update_option('thepost_bench_corpus', $want);
printf("loaded %d WordPress posts in %.0fs\n", $loaded, microtime(true) - $t0);
