mod remote;
mod sitemap;
mod slow_servers;
