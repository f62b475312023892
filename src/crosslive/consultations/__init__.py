"""One-to-one video consultations ("video shopping"): a viewer asks for a private call with
the store, a host takes it, both talk in a private VideoRoom and the host sends product
cards into the viewer's cart; a request nobody takes in time goes to the seller's inbox."""
