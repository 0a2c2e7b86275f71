package mnist

import (
	"fmt"
	"path/filepath"
)

// Standard MNIST file names (as shipped, gzip-compressed, in GoMNIST's data folder).
const (
	TrainImagesFile = "train-images-idx3-ubyte.gz"
	TrainLabelsFile = "train-labels-idx1-ubyte.gz"
	TestImagesFile  = "t10k-images-idx3-ubyte.gz"
	TestLabelsFile  = "t10k-labels-idx1-ubyte.gz"
)

// Classes is the number of MNIST digits.
const Classes = 10

// Dataset is a set of images with one digit label each.
type Dataset struct {
	Images *Images
	Labels []uint8
}

// Load reads an image file and a label file and checks that they agree: as many labels
// as images, every label a digit 0…9.
func Load(imagesPath, labelsPath string) (*Dataset, error) {
	im, err := ReadImages(imagesPath)
	if err != nil {
		return nil, err
	}
	lab, err := ReadLabels(labelsPath)
	if err != nil {
		return nil, err
	}
	if len(lab) != im.N {
		return nil, fmt.Errorf("mnist: count mismatch: %s holds %d images but %s holds %d labels", imagesPath, im.N, labelsPath, len(lab))
	}
	for k, l := range lab {
		if l >= Classes {
			return nil, fmt.Errorf("mnist: %s: label %d of image %d is not a digit 0…9", labelsPath, l, k)
		}
	}
	return &Dataset{Images: im, Labels: lab}, nil
}

// LoadTrain loads the training set from dir (TrainImagesFile, TrainLabelsFile).
func LoadTrain(dir string) (*Dataset, error) {
	return Load(filepath.Join(dir, TrainImagesFile), filepath.Join(dir, TrainLabelsFile))
}
